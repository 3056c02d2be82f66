extension DiagnosticCatalog {
    static func french(_ diagnostic: IdentityDiagnostic) -> DiagnosticText {
        let d = diagnostic.details
        let tenant = d["tenant"] ?? "(locataire inconnu)"
        let client = d["client"] ?? "(application inconnue)"
        let resource = d["resource"] ?? "l'API"
        let portalApp = "portail Azure → Microsoft Entra ID → Inscriptions d'applications → \(client)"
        func t(_ what: String, _ cause: String, _ fix: String) -> DiagnosticText { .init(what: what, cause: cause, fix: fix) }

        switch diagnostic.code {
        case .invalidClientSecret:
            return t("Entra ID a refusé le secret client de l'application \(client) dans le locataire \(tenant).",
                     "Le ClientSecret configuré n'est pas un secret valide de cette application : faute de frappe, espace en trop, secret d'une autre application ou secret supprimé.",
                     "Dans \(portalApp) → Certificats et secrets, créez un nouveau secret client et copiez sa Valeur (affichée une seule fois) dans ClientSecret.")
        case .clientSecretIdInsteadOfValue:
            return t("Entra ID a refusé le secret client de l'application \(client) dans le locataire \(tenant).",
                     "Le ClientSecret configuré est un GUID : c'est presque certainement la colonne « ID de secret », et non la Valeur du secret.",
                     "Dans \(portalApp) → Certificats et secrets, copiez la colonne Valeur, pas l'ID de secret. Si la Valeur n'est plus affichée, créez un nouveau secret.")
        case .clientSecretExpired:
            return t("Le secret client de l'application \(client) a expiré\(d["date"].map { " (le \($0))" } ?? "").",
                     "Un secret client a une date de fin fixée à sa création ; les demandes de jeton échouent ensuite.",
                     "Dans \(portalApp) → Certificats et secrets, créez un nouveau secret, puis mettez à jour ClientSecret (et ClientSecretExpiresOn) dans la configuration.")
        case .clientSecretExpiringSoon:
            return t("Le secret client de l'application \(client) expire dans \(d["days"] ?? "quelques") jours (\(d["date"] ?? "bientôt")).",
                     "À son expiration, la synchronisation de cet environnement s'arrêtera.",
                     "Demandez au client de créer un nouveau secret dans \(portalApp) → Certificats et secrets, et mettez à jour ClientSecret et ClientSecretExpiresOn avant cette date.")
        case .missingClientSecret:
            return t("Aucun secret client ni certificat n'a été envoyé pour l'application \(client).",
                     "ClientSecret est vide ou absent dans la configuration de cet environnement.",
                     "Renseignez ClientSecret avec la Valeur du secret, depuis \(portalApp) → Certificats et secrets.")
        case .applicationNotFound:
            return t("Entra ID ne connaît pas l'application \(client) dans le locataire \(tenant).",
                     "ApplicationId ou TenantId erroné, ou application multilocataire à laquelle aucun administrateur de ce locataire n'a donné son consentement (elle n'y a pas de principal de service).",
                     "Comparez ApplicationId et TenantId avec la page Vue d'ensemble de l'application (ID d'application (client), ID de l'annuaire (locataire)). Pour une application inscrite dans un autre locataire, faites accorder le consentement administrateur dans \(tenant).")
        case .applicationDisabled:
            return t("L'application \(client) est désactivée dans le locataire \(tenant).",
                     "Son principal de service a été désactivé (« Activé pour que les utilisateurs se connectent ? » sur Non).",
                     "Dans portail Azure → Microsoft Entra ID → Applications d'entreprise → \(client) → Propriétés, remettez « Activé pour que les utilisateurs se connectent ? » sur Oui.")
        case .tenantNotFound:
            return t("Le locataire \(tenant) est introuvable.",
                     "TenantId contient une faute de frappe, ou le locataire appartient à un cloud national (US Government, Chine) et a été interrogé via l'autorité mondiale.",
                     "Copiez l'ID de l'annuaire (locataire) depuis la page Vue d'ensemble de l'application dans TenantId. Pour un client d'un cloud national, réglez le cloud de l'environnement en conséquence.")
        case .tenantInOtherCloud:
            return t("Le locataire \(tenant) appartient à un cloud national.",
                     "Les jetons de ce locataire doivent venir de l'autorité de ce cloud, pas de \(d["authority"] ?? "l'autorité mondiale").",
                     "Réglez le cloud de l'environnement (par exemple usgovhigh ou china) selon le locataire.")
        case .malformedTenant:
            return t("Le TenantId « \(tenant) » n'est ni un GUID ni un nom de domaine.",
                     "Faute de frappe, valeur tronquée ou modèle resté dans la configuration.",
                     "Copiez l'ID de l'annuaire (locataire), un GUID, depuis la page Vue d'ensemble de l'application dans TenantId.")
        case .tenantNotSpecific:
            return t("Le TenantId « \(tenant) » ne désigne pas un locataire.",
                     "Les jetons d'application ne peuvent pas être demandés via /common ou /consumers.",
                     "Indiquez dans TenantId l'ID de l'annuaire (locataire) du client, un GUID.")
        case .invalidScope:
            return t("Entra ID a refusé l'étendue (scope) demandée pour \(resource).",
                     "Un jeton d'application exige une étendue de la forme {ressource}/.default, pour une seule ressource ; l'URI de la ressource est peut-être erronée ou d'un autre cloud.",
                     "Vérifiez le cloud et l'API de l'environnement ; l'étendue envoyée était \(d["scope"] ?? "\(resource)/.default").")
        case .resourceNotInTenant:
            return t("\(resource) n'existe pas dans le locataire \(tenant).",
                     "Le locataire n'a pas de principal de service pour cette API : en général pas d'abonnement ou de licence Exchange Online, ou une ressource d'un autre cloud.",
                     "Vérifiez que le client dispose d'Exchange Online et que le cloud de l'environnement est le bon.")
        case .conditionalAccessBlocked:
            return t("Une stratégie d'accès conditionnel du locataire \(tenant) bloque l'application \(client).",
                     "Une stratégie pour les identités de charge de travail refuse ce principal de service, souvent à cause de l'adresse IP ou de l'emplacement du serveur.",
                     "Demandez à l'administrateur du client d'exclure le principal de service de l'application de la stratégie, ou d'ajouter l'adresse IP sortante de ce serveur à un emplacement nommé approuvé.")
        case .certificateRejected:
            return t("Entra ID a refusé le certificat de l'application \(client)\(d["thumbprint"].map { " (empreinte \($0))" } ?? "").",
                     "Le certificat n'est pas téléversé sur cette application, a été retiré, ou la clé privée ne lui correspond pas.",
                     "Téléversez la partie publique du certificat (.cer/.pem) dans \(portalApp) → Certificats et secrets → Certificats, et vérifiez que l'empreinte correspond.")
        case .clientAssertionRejected:
            return t("Entra ID a refusé l'assertion client signée de l'application \(client).",
                     "L'assertion est hors de sa période de validité (horloge du serveur décalée), ou son émetteur, son sujet ou son audience ne correspondent pas à l'application et au locataire.",
                     "Synchronisez l'horloge de ce serveur (NTP) et vérifiez ApplicationId et TenantId.")
        case .certificateExpired:
            return t("Le certificat de l'application \(client) a expiré\(d["date"].map { " (le \($0))" } ?? "").",
                     "Entra ID n'accepte plus les assertions signées avec un certificat expiré.",
                     "Créez un nouveau certificat, téléversez sa partie publique dans \(portalApp) → Certificats et secrets, et mettez à jour la configuration.")
        case .certificateExpiringSoon:
            return t("Le certificat de l'application \(client) expire dans \(d["days"] ?? "quelques") jours (\(d["date"] ?? "bientôt")).",
                     "À son expiration, la synchronisation de cet environnement s'arrêtera.",
                     "Créez et téléversez un nouveau certificat dans \(portalApp) → Certificats et secrets, puis mettez à jour la configuration avant cette date.")
        case .clientRejected:
            return t("Entra ID a refusé les informations d'identification de l'application \(client) dans le locataire \(tenant).",
                     "Réponse d'Entra ID : \(d["summary"] ?? "client invalide").",
                     "Vérifiez ApplicationId, TenantId et ClientSecret dans \(portalApp).")
        case .requestRejected:
            return t("Entra ID a refusé la demande de jeton de l'application \(client) dans le locataire \(tenant).",
                     "Réponse d'Entra ID : \(d["summary"] ?? "requête invalide").",
                     "Recherchez le code sur https://login.microsoftonline.com/error et vérifiez l'inscription de l'application.")
        case .throttled:
            return t("Entra ID limite les demandes de jeton pour le locataire \(tenant).",
                     "Trop de demandes de jeton en peu de temps, venant de ce service ou d'un autre logiciel utilisant la même application.",
                     "Rien à faire si cela passe : le service patiente et réessaie. Si cela persiste, vérifiez qu'aucun autre programme ne demande des jetons en boucle avec cette application.")
        case .identityPlatformUnavailable:
            return t("Entra ID est temporairement indisponible pour le locataire \(tenant).",
                     "Une panne passagère côté Microsoft.",
                     "Rien à modifier : le service réessaie et continue d'utiliser un jeton encore valide. Si cela dure, consultez https://status.cloud.microsoft.")
        case .authorityUnreachable:
            return t("Le service n'a pas pu joindre \(d["authority"] ?? "l'autorité Entra ID").",
                     "Aucun chemin réseau : DNS, proxy, pare-feu ou inspection TLS (\(d["summary"] ?? "pas de réponse")).",
                     "Autorisez le HTTPS sortant de ce serveur vers \(d["authority"] ?? "l'hôte de l'autorité") et vérifiez le DNS et le proxy.")
        case .unexpectedResponse:
            return t("La réponse d'Entra ID est illisible.",
                     "\(d["summary"] ?? "La réponse n'était pas le JSON attendu") ; un proxy a peut-être répondu à la place d'Entra ID.",
                     "Vérifiez les proxys entre ce serveur et \(d["authority"] ?? "l'autorité"), puis réessayez.")
        case .tokenWithoutRoles:
            return t("Un jeton pour \(resource) a été délivré, mais il ne porte aucune autorisation d'application (pas de revendication roles).",
                     "Le consentement administrateur n'a jamais été accordé pour les autorisations d'application, ou aucune n'a été ajoutée. (Avec le RBAC Exchange pour les applications, c'est Exchange qui contrôle les autorisations et ce cas peut être normal.)",
                     "Dans \(portalApp) → Autorisations de l'API, ajoutez l'autorisation d'application \(d["missing"] ?? "nécessaire") puis cliquez sur « Accorder un consentement d'administrateur pour <locataire> ».")
        case .tokenMissingRoles:
            return t("Le jeton pour \(resource) n'a pas la ou les autorisations \(d["missing"] ?? "nécessaires") ; il a \(d["roles"] ?? "aucune").",
                     "L'autorisation d'application n'a pas été ajoutée, ou l'a été sans consentement administrateur.",
                     "Dans \(portalApp) → Autorisations de l'API, ajoutez \(d["missing"] ?? "l'autorisation") comme autorisation d'application et accordez le consentement administrateur.")
        case .tokenNotInspectable:
            return t("Le jeton pour \(resource) n'a pas pu être examiné.",
                     "Tous les jetons Microsoft ne sont pas des JWT lisibles ; ses autorisations ne peuvent pas être vérifiées localement.",
                     "Rien à faire ; la première requête vers une boîte aux lettres montrera si les autorisations sont en place.")
        }
    }
}
