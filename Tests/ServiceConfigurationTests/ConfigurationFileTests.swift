import Foundation
import Testing
import ServiceConfiguration

@Suite("Errors of the file as a whole")
struct ConfigurationFileTests {
    typealias F = ConfigurationFixture

    @Test func missingFile() throws {
        let url = try F.temporaryDirectory().appendingPathComponent("absent.json")
        #expect(throws: ConfigurationFileError.fileNotFound(path: url.path)) {
            try ConfigurationLoader(environmentVariables: [:]).load(contentsOf: url)
        }
    }

    @Test func invalidJSONSaysWhere() throws {
        let url = try F.write("{ \"Exchange\": [ { \"Environment\": \"prextra\" ] }")
        do {
            _ = try ConfigurationLoader(environmentVariables: [:]).load(contentsOf: url)
            Issue.record("expected invalid JSON")
        } catch {
            guard case .invalidJSON(let path, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(path == url.path)
            #expect(error.description.contains("not valid JSON"))
        }
    }

    @Test func rootMustBeAnObject() throws {
        let url = try F.write("[ 1, 2 ]")
        #expect(throws: ConfigurationFileError.notAnObject(path: url.path)) {
            try ConfigurationLoader(environmentVariables: [:]).load(contentsOf: url)
        }
    }
}
