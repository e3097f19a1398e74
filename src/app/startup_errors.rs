//! Turns the failures a user can meet at start-up (no display, no graphics adapter) into a plain message
//! instead of a backtrace.

/// What to tell the user for a panic message that means the machine cannot show the app.
fn explain(message: &str) -> Option<&'static str> {
    let m = message.to_lowercase();
    if m.contains("unable to find a gpu")
        || m.contains("no suitable adapter")
        || m.contains("adapter")
    {
        Some(
            "No graphics adapter was found. The app needs Vulkan, Metal, DirectX 12 or OpenGL 3.3 \
             (on Linux without a GPU, install Mesa's software Vulkan driver, e.g. the \
             `mesa-vulkan-drivers` package). The headless commands (see --help) work without one.",
        )
    } else if m.contains("event loop")
        || m.contains("display")
        || m.contains("wayland")
        || m.contains("x11")
    {
        Some(
            "No display was found to open the window on (is DISPLAY or WAYLAND_DISPLAY set?). \
             The headless commands (see --help) work without one.",
        )
    } else {
        None
    }
}

/// Installs a panic hook that prints a clear message for missing display or graphics adapter and exits
/// with status 3; other panics keep the default report.
pub fn install_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        match explain(&message) {
            Some(text) => {
                eprintln!("sciatic-planner: cannot start the app: {text}");
                eprintln!("(details: {message})");
                std::process::exit(3);
            }
            None => default(info),
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::explain;

    #[test]
    fn known_start_up_failures_are_explained() {
        assert!(
            explain("Unable to find a GPU! Make sure you have installed required drivers!")
                .is_some()
        );
        assert!(explain("Failed to build event loop: NotSupported").is_some());
        assert!(explain("index out of bounds").is_none());
    }
}
