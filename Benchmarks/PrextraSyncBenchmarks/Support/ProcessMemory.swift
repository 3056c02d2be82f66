import Foundation

/// Resident memory of a Linux process, from `/proc/PID/status`: the current RSS (`VmRSS`) and
/// the peak since start or the last reset (`VmHWM`).
struct ProcessMemory: Sendable {
    var residentBytes: Int
    var peakBytes: Int

    /// This process (`pid` nil) or another one; nil when /proc cannot be read (not Linux).
    static func read(pid: Int32? = nil) -> ProcessMemory? {
        let path = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        func kilobytes(_ key: String) -> Int? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return nil }
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
        }
        guard let rss = kilobytes("VmRSS"), let peak = kilobytes("VmHWM") else { return nil }
        return ProcessMemory(residentBytes: rss * 1024, peakBytes: peak * 1024)
    }

    /// Resets this process's peak to its current RSS (`echo 5 > /proc/self/clear_refs`), so that
    /// the next peak measures one phase only.
    static func resetPeak() {
        try? Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/self/clear_refs"))
    }
}

extension Int {
    /// Bytes as `12.3 MB` (10^6).
    var megabytes: String { String(format: "%.1f MB", Double(self) / 1_000_000) }
}
