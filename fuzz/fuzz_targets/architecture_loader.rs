//! The architecture-file loader (YAML, `extends: builtin`, resolution).
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    archcheck::fuzzing::architecture_loader(text);
});
