//! The snapshot loader and the normaliser that runs on what it loads.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    archcheck::fuzzing::snapshot_loader(text);
});
