/// How this executable was compiled, for the setup lines: debug figures are not comparable.
enum BuildMode {
    #if DEBUG
    static let name = "debug build"
    #else
    static let name = "release build"
    #endif
}
