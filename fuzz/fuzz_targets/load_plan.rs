//! Any bytes given to the plan loader give a plan or an error, never a panic, a hang or a crash; a plan
//! that loads writes back to text that loads as the same plan.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sciatic_planner::plan;

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = plan::from_ron_bytes(data) {
        let text = plan::to_ron_string(&loaded).expect("a loaded plan can be written");
        let again = plan::from_ron_str(&text).expect("a written plan loads");
        // NaN is never equal to itself, so compare the written text rather than the plans.
        assert_eq!(plan::to_ron_string(&again).unwrap(), text);
    }
});
