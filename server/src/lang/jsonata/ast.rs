//! The evaluable tree: the reference's processed AST. Paths are flattened
//! into steps; predicates, grouping, focus (`@`) and index (`#`) bindings
//! and parent (`%`) resolution are annotations on the steps.

use super::signature::Signature;
use std::rc::Rc;

/// An index into [`Ast::slots`].
pub type SlotId = usize;

/// Where a `%` (parent) operator finds its value: the step labelled
/// `label`, `level` steps up.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    pub label: String,
    pub level: i32,
    /// Creation order, as the reference's `ancestry` list.
    pub index: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Ast {
    pub root: Node,
    pub slots: Vec<Slot>,
}

/// A stage applied to a step's results, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// `[expr]`: a predicate or an index.
    Filter { expr: Box<Node>, start: usize, end: usize },
    /// `#$i`: binds the position.
    Index(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub pairs: Vec<(Node, Node)>,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SortTerm {
    pub descending: bool,
    pub expr: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Path(Vec<Node>),
    Name(String),
    Variable(String),
    String(String),
    Number(f64),
    Bool(bool),
    Null,
    Regex {
        pattern: String,
        flags: String,
    },
    Wildcard,
    Descendant,
    Parent(SlotId),
    /// Arithmetic, comparison, `&`, `and`, `or`, `in`, and `..` (ranges in
    /// array constructors).
    Binary {
        op: &'static str,
        lhs: Box<Node>,
        rhs: Box<Node>,
    },
    /// `lhs ~> rhs`
    Apply {
        lhs: Box<Node>,
        rhs: Box<Node>,
    },
    /// `$name := value`
    Bind {
        name: String,
        value: Box<Node>,
    },
    /// An order-by step: `^(…)`.
    Sort(Vec<SortTerm>),
    Negate(Box<Node>),
    Array(Vec<Node>),
    Object(Vec<(Node, Node)>),
    Block(Vec<Node>),
    Function {
        procedure: Box<Node>,
        args: Vec<Node>,
    },
    /// A call with `?` arguments: a partially applied function.
    Partial {
        procedure: Box<Node>,
        args: Vec<Node>,
    },
    /// A `?` argument of a partial application.
    Placeholder,
    Lambda {
        params: Vec<String>,
        signature: Option<Signature>,
        body: Rc<Node>,
        thunk: bool,
    },
    Condition {
        condition: Box<Node>,
        then: Box<Node>,
        otherwise: Option<Box<Node>>,
    },
    Transform {
        pattern: Rc<Node>,
        update: Rc<Node>,
        delete: Option<Rc<Node>>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: Kind,
    /// Byte range of the node's main token in the expression.
    pub start: usize,
    pub end: usize,
    /// `[]`: keep singleton arrays.
    pub keep_array: bool,
    /// Paths: some step keeps singleton arrays.
    pub keep_singleton_array: bool,
    /// An array constructor that must not be flattened into its path.
    pub cons_array: bool,
    /// The step produces tuples (needs focus/index/parent bindings).
    pub tuple: bool,
    /// `@$name` on this step.
    pub focus: Option<String>,
    /// `#$name` on this step (when it has no stages).
    pub index: Option<String>,
    /// The parent slot this step provides (`%`).
    pub ancestor: Option<SlotId>,
    /// Predicates on a non-path expression.
    pub predicate: Vec<Stage>,
    /// Predicates and index bindings on a path step.
    pub stages: Vec<Stage>,
    pub group: Option<Group>,
    /// Parent slots not yet resolved inside this expression.
    pub seeking_parent: Vec<SlotId>,
    /// The resolved label of this `%` node's slot, or of the slot this
    /// step provides (`ancestor`): the name the value is bound to.
    pub label: Option<Rc<str>>,
}

impl Node {
    pub fn new(kind: Kind, start: usize, end: usize) -> Self {
        Node {
            kind,
            start,
            end,
            keep_array: false,
            keep_singleton_array: false,
            cons_array: false,
            tuple: false,
            focus: None,
            index: None,
            ancestor: None,
            predicate: Vec::new(),
            stages: Vec::new(),
            group: None,
            seeking_parent: Vec::new(),
            label: None,
        }
    }

    pub fn is_path(&self) -> bool {
        matches!(self.kind, Kind::Path(_))
    }

    /// The array constructor `[…]` (not a path step's predicate).
    pub fn is_array_constructor(&self) -> bool {
        matches!(self.kind, Kind::Array(_))
    }
}
