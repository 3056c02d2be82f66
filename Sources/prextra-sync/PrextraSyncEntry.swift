import PrextraSyncCommands

@main
struct PrextraSyncEntry {
    static func main() async {
        await PrextraSync.main()
    }
}
