;;; asl-ls.el --- Amazon States Language with the asl-ls language server  -*- lexical-binding: t; -*-

;; URL: https://github.com/asl-ls/asl-ls
;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, tools
;; SPDX-License-Identifier: MIT OR Apache-2.0

;;; Commentary:

;; Major modes for AWS Step Functions definitions, connected to the
;; asl-ls language server (https://github.com/asl-ls/asl-ls) through
;; eglot, or lsp-mode when that is what you use:
;;
;; - `asl-json-mode' for *.asl.json and *.asl (derived from `js-mode');
;; - `asl-yaml-mode' for *.asl.yaml and *.asl.yml (derived from
;;   `yaml-mode' when it is installed, else `yaml-ts-mode' on Emacs 29+,
;;   else `prog-mode').
;;
;; Install the `asl-ls' binary (cargo install asl-ls, pipx install asl-ls
;; or npm install -g asl-ls) so that it is on `exec-path', put this file
;; on `load-path', then:
;;
;;   (require 'asl-ls)
;;   (add-hook 'asl-json-mode-hook #'eglot-ensure)
;;   (add-hook 'asl-yaml-mode-hook #'eglot-ensure)
;;
;; With lsp-mode, hook `lsp-deferred' instead of `eglot-ensure'.
;; Server settings (machineType, diagnostics, run) go in
;; `eglot-workspace-configuration' under `:asl-ls', or in the
;; initializationOptions of the server entry.

;;; Code:

(defgroup asl-ls nil
  "Amazon States Language definitions, checked by asl-ls."
  :group 'languages
  :prefix "asl-ls-")

(defcustom asl-ls-command '("asl-ls" "--stdio")
  "The command that starts the asl-ls language server, and its arguments."
  :type '(repeat string))

;;;###autoload
(define-derived-mode asl-json-mode js-mode "ASL"
  "Major mode for Amazon States Language definitions written in JSON.")

;; The YAML parent is chosen when this file loads: yaml-mode (MELPA, or
;; Debian's elpa-yaml-mode) when installed, else the tree-sitter mode.
(when (and (not (fboundp 'yaml-mode)) (locate-library "yaml-mode"))
  (autoload 'yaml-mode "yaml-mode" "Major mode for YAML files." t))
(defalias 'asl-ls--yaml-parent-mode
  (cond ((fboundp 'yaml-mode) 'yaml-mode)
        ((fboundp 'yaml-ts-mode) 'yaml-ts-mode)
        (t 'prog-mode)))

;;;###autoload
(define-derived-mode asl-yaml-mode asl-ls--yaml-parent-mode "ASL-YAML"
  "Major mode for Amazon States Language definitions written in YAML.")

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.asl\\(?:\\.json\\)?\\'" . asl-json-mode))
;;;###autoload
(add-to-list 'auto-mode-alist '("\\.asl\\.ya?ml\\'" . asl-yaml-mode))

(defun asl-ls--contact (&optional _interactive)
  "The asl-ls command, for `eglot-server-programs'."
  asl-ls-command)

;; The language ids tell the server which syntax a buffer holds (`asl'
;; JSON, `asl-yaml' YAML); the file name would tell it too.
(with-eval-after-load 'eglot
  (defvar eglot-server-programs)
  (add-to-list 'eglot-server-programs
               '((asl-json-mode :language-id "asl") . asl-ls--contact))
  (add-to-list 'eglot-server-programs
               '((asl-yaml-mode :language-id "asl-yaml") . asl-ls--contact)))

(declare-function lsp-register-client "lsp-mode")
(declare-function make-lsp-client "lsp-mode")
(declare-function lsp-stdio-connection "lsp-mode")
(declare-function lsp-activate-on "lsp-mode")
(with-eval-after-load 'lsp-mode
  (defvar lsp-language-id-configuration)
  (add-to-list 'lsp-language-id-configuration '(asl-json-mode . "asl"))
  (add-to-list 'lsp-language-id-configuration '(asl-yaml-mode . "asl-yaml"))
  (lsp-register-client
   (make-lsp-client :new-connection (lsp-stdio-connection (lambda () asl-ls-command))
                    :activation-fn (lsp-activate-on "asl" "asl-yaml")
                    :server-id 'asl-ls)))

(provide 'asl-ls)
;;; asl-ls.el ends here
