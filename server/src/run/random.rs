//! The evaluator's randomness: seeded, so a run can be repeated
//! (`States.UUID`, `States.MathRandom`, Retry jitter).

pub struct Random(u64);

impl Random {
    pub fn seeded(seed: u64) -> Random {
        Random(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// splitmix64
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..1`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A generator of its own, seeded from this one.
    pub fn fork(&mut self) -> Random {
        Random::seeded(self.next_u64())
    }

    /// A version 4 UUID.
    pub fn uuid(&mut self) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        let hex = format!("{a:016x}{b:016x}");
        format!(
            "{}-{}-4{}-{:x}{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            (u8::from_str_radix(&hex[16..17], 16).unwrap_or(0) & 0x3) | 0x8,
            &hex[17..20],
            &hex[20..32]
        )
    }
}
