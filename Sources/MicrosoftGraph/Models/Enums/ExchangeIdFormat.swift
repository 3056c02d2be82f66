/// An id format `translateExchangeIds` converts between.
public enum ExchangeIdFormat: String, GraphEnum {
    public static var graphTypeName: String { "exchangeIdFormat" }

    case entryId
    case ewsId
    case immutableEntryId
    case restId
    case restImmutableEntryId
}
