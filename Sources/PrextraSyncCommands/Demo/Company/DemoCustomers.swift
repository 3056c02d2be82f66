/// The customer companies the CRM contacts work for.
struct DemoCustomer: Sendable, Hashable {
    var name: String
    var domain: String
    var city: String
    var country: String
    var street: String
    var postalCode: String
    var phonePrefix: String
}

enum DemoCustomers {
    static let all: [DemoCustomer] = [
        DemoCustomer(name: "Gerber Metallbau AG", domain: "gerber-metallbau.example", city: "Winterthur", country: "Switzerland", street: "Industriestrasse 14", postalCode: "8400", phonePrefix: "+41 52 555"),
        DemoCustomer(name: "Fabre Industrie SA", domain: "fabre-industrie.example", city: "Lyon", country: "France", street: "8 quai Perrache", postalCode: "69002", phonePrefix: "+33 4 55 55"),
        DemoCustomer(name: "Hudson Precision Inc.", domain: "hudsonprecision.example", city: "Albany", country: "United States", street: "44 State Street", postalCode: "12207", phonePrefix: "+1 518 555"),
        DemoCustomer(name: "Kobayashi Seiki K.K.", domain: "kobayashi-seiki.example", city: "Osaka", country: "Japan", street: "2-3 Umeda, Kita-ku", postalCode: "530-0001", phonePrefix: "+81 6 5555"),
        DemoCustomer(name: "Bernasconi Costruzioni SA", domain: "bernasconi.example", city: "Lugano", country: "Switzerland", street: "Via Nassa 5", postalCode: "6900", phonePrefix: "+41 91 555"),
        DemoCustomer(name: "Lambert & Fils", domain: "lambert-fils.example", city: "Bordeaux", country: "France", street: "21 cours de l'Intendance", postalCode: "33000", phonePrefix: "+33 5 55 55"),
        DemoCustomer(name: "Northwind Robotics", domain: "northwind-robotics.example", city: "Boston", country: "United States", street: "1 Federal Street", postalCode: "02110", phonePrefix: "+1 617 555"),
        DemoCustomer(name: "Yamada Denki Kogyo", domain: "yamada-denki.example", city: "Nagoya", country: "Japan", street: "4-1 Sakae, Naka-ku", postalCode: "460-0008", phonePrefix: "+81 52 555"),
        DemoCustomer(name: "Thames Valley Instruments Ltd", domain: "tvi.example", city: "Reading", country: "United Kingdom", street: "10 Forbury Road", postalCode: "RG1 1SB", phonePrefix: "+44 118 555"),
        DemoCustomer(name: "Pacific Coast Labs", domain: "pacificcoastlabs.example", city: "San Jose", country: "United States", street: "200 Park Avenue", postalCode: "95113", phonePrefix: "+1 408 555"),
        DemoCustomer(name: "Vogel Pharma GmbH", domain: "vogel-pharma.example", city: "Basel", country: "Switzerland", street: "Aeschenvorstadt 36", postalCode: "4051", phonePrefix: "+41 61 555"),
        DemoCustomer(name: "Atelier Rousseau", domain: "atelier-rousseau.example", city: "Nantes", country: "France", street: "3 place Royale", postalCode: "44000", phonePrefix: "+33 2 55 55"),
        DemoCustomer(name: "Lim Semiconductors Pte Ltd", domain: "lim-semi.example", city: "Singapore", country: "Singapore", street: "1 Fusionopolis Way", postalCode: "138632", phonePrefix: "+65 6555"),
        DemoCustomer(name: "Harbour Bridge Engineering", domain: "harbourbridge.example", city: "Sydney", country: "Australia", street: "5 Martin Place", postalCode: "2000", phonePrefix: "+61 2 5555"),
        DemoCustomer(name: "Schneider Logistik AG", domain: "schneider-logistik.example", city: "Bern", country: "Switzerland", street: "Bundesgasse 20", postalCode: "3011", phonePrefix: "+41 31 555"),
        DemoCustomer(name: "Great Lakes Foundry", domain: "greatlakesfoundry.example", city: "Chicago", country: "United States", street: "233 South Wacker Drive", postalCode: "60606", phonePrefix: "+1 312 555"),
        DemoCustomer(name: "Morel Énergie", domain: "morel-energie.example", city: "Toulouse", country: "France", street: "17 allée Jean Jaurès", postalCode: "31000", phonePrefix: "+33 5 55 56"),
        DemoCustomer(name: "Takahashi Optics", domain: "takahashi-optics.example", city: "Yokohama", country: "Japan", street: "1-1 Minatomirai, Nishi-ku", postalCode: "220-0012", phonePrefix: "+81 45 555"),
    ]
}
