//! Translation of the 128-bit SIMD operators.

use wasmparser::Operator;

use super::Translator;
use crate::error::{Error, Result};

impl Translator<'_> {
    pub(super) fn simd_op(&mut self, op: Operator<'_>) -> Result<()> {
        Err(Error::invalid(alloc::format!("unsupported operator: {op:?}")))
    }
}
