import ArgumentParser

/// `--json`, shared by every command that prints a result.
public struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print the result as JSON for machines instead of a table.")
    public var json = false

    public init() {}
}
