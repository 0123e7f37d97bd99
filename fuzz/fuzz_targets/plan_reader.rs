//! The Terraform plan reader: any text, JSON or not, is a plan or an error.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    archcheck::fuzzing::plan_reader(text);
});
