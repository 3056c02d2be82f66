import Foundation
import MicrosoftGraph
import Testing

@Suite("CSDL conformance of the models")
struct CSDLConformanceTests {
    static let schemaURL = Bundle.module.url(forResource: "graph-v1-sync-subset", withExtension: "xml", subdirectory: "Resources")!

    /// Every model the library exposes. Their properties, nested types and enums are found by reflection.
    static let models: [any GraphModel.Type] = [
        GraphEvent.self, GraphCalendar.self, GraphContact.self, GraphContactFolder.self, GraphTodoTaskList.self, GraphTodoTask.self,
        GraphLinkedResource.self, GraphMessage.self, GraphMailFolder.self, GraphExtendedProperty.self, GraphSubscription.self,
        ConvertIdResult.self, GraphAttachment.self,
    ]

    @Test func everyModelPropertyTypeAndEnumMemberIsInTheCSDL() throws {
        let schema = try CSDLSchema(contentsOf: Self.schemaURL)
        var check = ModelSchemaCheck(schema: schema)
        for model in Self.models { check.check(model) }
        print("CSDL conformance: \(check.checkedProperties) properties, \(check.checkedEnumMembers) enum members checked")
        #expect(check.problems == [])
        #expect(check.checkedProperties > 150)
    }

    @Test func theExchangeIdFormatEnumMatchesTheTranslateAction() throws {
        let schema = try CSDLSchema(contentsOf: Self.schemaURL)
        #expect(Set(ExchangeIdFormat.allCases.map(\.rawValue)) == schema.enums["exchangeIdFormat"])
    }

    @Test func theSimulatorValidatesAgainstTheSameCSDL() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let simulatorCopy = root.appendingPathComponent("Sources/ExchangeSimulator/Resources/GraphSchema/graph-v1-sync-subset.xml")
        #expect(try Data(contentsOf: simulatorCopy) == Data(contentsOf: Self.schemaURL))
    }

    // The check must be able to fail: models that name what the CSDL lacks.

    struct MisspelledEvent: GraphModel {
        static var graphTypeName: String { "event" }
        var subjekt: String?
        init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case subjekt }
    }

    struct MistypedEvent: GraphModel {
        static var graphTypeName: String { "event" }
        var isAllDay: String?
        init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case isAllDay }
    }

    enum InventedEventType: String, GraphEnum {
        static var graphTypeName: String { "eventType" }
        case singleInstance, recurringInstance
    }

    struct EventWithInventedType: GraphModel {
        static var graphTypeName: String { "event" }
        var type: InventedEventType?
        init() {}
        enum CodingKeys: String, CodingKey, CaseIterable { case type }
    }

    @Test func aPropertyTheCSDLLacksIsReported() throws {
        var check = ModelSchemaCheck(schema: try CSDLSchema(contentsOf: Self.schemaURL))
        check.check(MisspelledEvent.self)
        #expect(check.problems.count == 1)
        #expect(check.problems.first?.contains("no property subjekt") == true)
    }

    @Test func aWrongTypeIsReported() throws {
        var check = ModelSchemaCheck(schema: try CSDLSchema(contentsOf: Self.schemaURL))
        check.check(MistypedEvent.self)
        #expect(check.problems == ["MistypedEvent.isAllDay: the model says Edm.String, the CSDL says Edm.Boolean"])
    }

    @Test func anEnumMemberTheCSDLLacksIsReported() throws {
        var check = ModelSchemaCheck(schema: try CSDLSchema(contentsOf: Self.schemaURL))
        check.check(EventWithInventedType.self)
        #expect(check.problems == ["InventedEventType.recurringInstance: not a member of eventType in the CSDL"])
    }
}
