fn main() -> std::process::ExitCode {
    newshound::cli::main()
}
