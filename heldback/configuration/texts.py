"""The consent manager's own texts, in every language it ships. A site overrides any of them in its
config (``[texts.<language>]``). Every language has exactly the keys of English: the build refuses
a language with a key missing or extra, so a button is never blank.

``{n}`` in ``lifetime_days`` is the number of days; ``{categories}`` in the banner's texts, the
config's categories other than necessary, each as ``<category>_in_text`` says it in a sentence (the
label where a site's own category has none), joined with ``and``.
"""

EN = {
    "banner_title": "Your privacy choices",
    "banner_text": (
        "We would like to use cookies and similar technologies for {categories}. "
        "Nothing of that runs until you agree. You can change your choice at any time."
    ),
    "banner_text_opt_out": (
        "We use cookies and similar technologies for {categories}. "
        "You can refuse them, now or at any time."
    ),
    "gpc_notice": (
        "Your browser sends a Global Privacy Control signal, so marketing stays off unless you turn it on yourself."
    ),
    "accept_all": "Accept all",
    "reject_all": "Reject all",
    "customize": "Customize",
    "save": "Save choices",
    "close": "Close",
    "preferences_title": "Privacy preferences",
    "preferences_text": "Choose which kinds of processing you allow. Necessary ones are always on.",
    "always_on": "Always on",
    "vendors": "Vendors",
    "hosts": "Contacts",
    "storage": "Cookies and storage",
    "lifetime_days": "{n} days",
    "lifetime_session": "until you close the browser",
    "floating_button": "Privacy settings",
    "necessary_label": "Necessary",
    "necessary_description": "Needed for the site to work, including remembering this choice.",
    "analytics_label": "Analytics",
    "analytics_description": "Helps us understand how the site is used.",
    "marketing_label": "Marketing",
    "marketing_description": "Lets us send you relevant messages and measure campaigns.",
    "customerio_purpose": "Sends our product emails and in-app messages, and measures how the product is used.",
    "storage_anonymous_id": "Recognizes your browser before you sign in.",
    "storage_user_id": "Recognizes you once you have signed in.",
    "storage_traits": "Keeps what you told us about yourself, such as your plan.",
    "storage_queue": "Holds events that could not be sent yet.",
    "storage_messaging": "Remembers which in-app messages you have seen.",
    "details": "Details",
    "lifetime_persistent": "until deleted",
    "and": "and",
    "analytics_in_text": "analytics",
    "marketing_in_text": "marketing",
    "privacy_policy": "Privacy policy",
    "storage_ids": "Recognizes your browser, and you once you have signed in.",
    "declaration_name": "Name",
    "declaration_kind": "Type",
    "declaration_purpose": "Purpose",
    "declaration_lifetime": "Kept",
    "kind_cookie": "Cookie",
    "kind_local": "Local storage",
    "kind_session": "Session storage",
    "storage_own_record": "Remembers your privacy choices.",
    "declaration_own": "This site",
    "functional_label": "Functional",
    "functional_description": "Features such as chat, embedded videos and maps, and error reports.",
    "functional_in_text": "functional features",
}

DE = {
    "banner_title": "Ihre Wahl beim Datenschutz",
    "banner_text": (
        "Wir möchten Cookies und ähnliche Technologien für {categories} verwenden. "
        "Nichts davon wird aktiv, bevor Sie zustimmen. Sie können Ihre Auswahl jederzeit ändern."
    ),
    "banner_text_opt_out": (
        "Wir verwenden Cookies und ähnliche Technologien für {categories}. "
        "Sie können sie ablehnen, jetzt oder jederzeit später."
    ),
    "gpc_notice": (
        "Ihr Browser sendet das Signal „Global Privacy Control“. "
        "Deshalb bleibt Marketing aus, solange Sie es nicht selbst einschalten."
    ),
    "accept_all": "Alle akzeptieren",
    "reject_all": "Alle ablehnen",
    "customize": "Anpassen",
    "save": "Auswahl speichern",
    "close": "Schließen",
    "preferences_title": "Datenschutz-Einstellungen",
    "preferences_text": "Wählen Sie, welche Arten der Verarbeitung Sie erlauben. Notwendige sind immer aktiv.",
    "always_on": "Immer aktiv",
    "vendors": "Anbieter",
    "hosts": "Verbindet sich mit",
    "storage": "Cookies und Speicher",
    "lifetime_days": "{n} Tage",
    "lifetime_session": "bis Sie den Browser schließen",
    "floating_button": "Datenschutz-Einstellungen",
    "necessary_label": "Notwendig",
    "necessary_description": "Erforderlich, damit die Website funktioniert, auch um diese Auswahl zu speichern.",
    "analytics_label": "Analyse",
    "analytics_description": "Hilft uns zu verstehen, wie die Website genutzt wird.",
    "marketing_label": "Marketing",
    "marketing_description": "Ermöglicht uns, Ihnen relevante Nachrichten zu senden und Kampagnen zu messen.",
    "customerio_purpose": (
        "Versendet unsere Produkt-E-Mails und In-App-Nachrichten und misst, wie das Produkt genutzt wird."
    ),
    "storage_anonymous_id": "Erkennt Ihren Browser wieder, bevor Sie sich anmelden.",
    "storage_user_id": "Erkennt Sie wieder, sobald Sie angemeldet sind.",
    "storage_traits": "Speichert, was Sie uns über sich mitgeteilt haben, etwa Ihren Tarif.",
    "storage_queue": "Speichert Ereignisse zwischen, die noch nicht gesendet werden konnten.",
    "storage_messaging": "Merkt sich, welche In-App-Nachrichten Sie schon gesehen haben.",
    "details": "Details",
    "lifetime_persistent": "bis zur Löschung",
    "and": "und",
    "analytics_in_text": "Analyse",
    "marketing_in_text": "Marketing",
    "privacy_policy": "Datenschutzerklärung",
    "storage_ids": "Erkennt Ihren Browser und, nach der Anmeldung, Sie.",
    "declaration_name": "Name",
    "declaration_kind": "Art",
    "declaration_purpose": "Zweck",
    "declaration_lifetime": "Gespeichert",
    "kind_cookie": "Cookie",
    "kind_local": "Lokaler Speicher",
    "kind_session": "Sitzungsspeicher",
    "storage_own_record": "Speichert Ihre Datenschutz-Auswahl.",
    "declaration_own": "Diese Website",
    "functional_label": "Funktional",
    "functional_description": "Funktionen wie Chat, eingebettete Videos und Karten sowie Fehlerberichte.",
    "functional_in_text": "Funktionen",
}

FR = {
    "banner_title": "Vos choix de confidentialité",
    "banner_text": (
        "Nous souhaitons utiliser des cookies et technologies similaires pour {categories}. "
        "Rien de cela n'est activé sans votre accord. Vous pouvez modifier votre choix à tout moment."
    ),
    "banner_text_opt_out": (
        "Nous utilisons des cookies et technologies similaires pour {categories}. "
        "Vous pouvez les refuser, maintenant ou à tout moment."
    ),
    "gpc_notice": (
        "Votre navigateur envoie un signal Global Privacy Control. "
        "Le marketing reste donc désactivé, sauf si vous l'activez vous-même."
    ),
    "accept_all": "Tout accepter",
    "reject_all": "Tout refuser",
    "customize": "Personnaliser",
    "save": "Enregistrer mes choix",
    "close": "Fermer",
    "preferences_title": "Préférences de confidentialité",
    "preferences_text": (
        "Choisissez les types de traitement que vous autorisez. Les traitements nécessaires sont toujours actifs."
    ),
    "always_on": "Toujours actif",
    "vendors": "Fournisseurs",
    "hosts": "Se connecte à",
    "storage": "Cookies et stockage",
    "lifetime_days": "{n} jours",
    "lifetime_session": "jusqu'à la fermeture du navigateur",
    "floating_button": "Paramètres de confidentialité",
    "necessary_label": "Nécessaires",
    "necessary_description": "Indispensables au fonctionnement du site, y compris pour mémoriser ce choix.",
    "analytics_label": "Mesure d'audience",
    "analytics_description": "Nous aide à comprendre comment le site est utilisé.",
    "marketing_label": "Marketing",
    "marketing_description": "Nous permet de vous envoyer des messages pertinents et de mesurer nos campagnes.",
    "customerio_purpose": (
        "Envoie nos e-mails produit et nos messages in-app, et mesure la façon dont le produit est utilisé."
    ),
    "storage_anonymous_id": "Reconnaît votre navigateur avant que vous vous connectiez.",
    "storage_user_id": "Vous reconnaît après votre connexion.",
    "storage_traits": "Conserve ce que vous nous avez indiqué à votre sujet, comme votre offre.",
    "storage_queue": "Conserve les événements qui n'ont pas encore pu être envoyés.",
    "storage_messaging": "Mémorise les messages in-app que vous avez déjà vus.",
    "details": "Détails",
    "lifetime_persistent": "jusqu'à suppression",
    "and": "et",
    "analytics_in_text": "la mesure d'audience",
    "marketing_in_text": "le marketing",
    "privacy_policy": "Politique de confidentialité",
    "storage_ids": "Reconnaît votre navigateur, puis vous-même une fois connecté.",
    "declaration_name": "Nom",
    "declaration_kind": "Type",
    "declaration_purpose": "Finalité",
    "declaration_lifetime": "Conservé",
    "kind_cookie": "Cookie",
    "kind_local": "Stockage local",
    "kind_session": "Stockage de session",
    "storage_own_record": "Mémorise vos choix de confidentialité.",
    "declaration_own": "Ce site",
    "functional_label": "Fonctionnel",
    "functional_description": "Des fonctions comme le chat, les vidéos et cartes intégrées et les rapports d'erreur.",
    "functional_in_text": "des fonctions",
}

ES = {
    "banner_title": "Tus opciones de privacidad",
    "banner_text": (
        "Nos gustaría usar cookies y tecnologías similares para {categories}. "
        "Nada de ello se activa hasta que des tu consentimiento. Puedes cambiar tu elección en cualquier momento."
    ),
    "banner_text_opt_out": (
        "Usamos cookies y tecnologías similares para {categories}. "
        "Puedes rechazarlas ahora o en cualquier momento."
    ),
    "gpc_notice": (
        "Tu navegador envía una señal de Global Privacy Control, así que el marketing seguirá desactivado "
        "a menos que lo actives tú."
    ),
    "accept_all": "Aceptar todo",
    "reject_all": "Rechazar todo",
    "customize": "Personalizar",
    "save": "Guardar selección",
    "close": "Cerrar",
    "preferences_title": "Preferencias de privacidad",
    "preferences_text": "Elige qué tipos de tratamiento permites. Los necesarios están siempre activos.",
    "always_on": "Siempre activo",
    "vendors": "Proveedores",
    "hosts": "Se conecta a",
    "storage": "Cookies y almacenamiento",
    "lifetime_days": "{n} días",
    "lifetime_session": "hasta que cierres el navegador",
    "floating_button": "Configuración de privacidad",
    "necessary_label": "Necesarias",
    "necessary_description": "Imprescindibles para que el sitio funcione, incluido recordar esta elección.",
    "analytics_label": "Analítica",
    "analytics_description": "Nos ayuda a entender cómo se usa el sitio.",
    "marketing_label": "Marketing",
    "marketing_description": "Nos permite enviarte mensajes de tu interés y medir nuestras campañas.",
    "customerio_purpose": (
        "Envía nuestros correos sobre el producto y mensajes en la app, y mide cómo se usa el producto."
    ),
    "storage_anonymous_id": "Reconoce tu navegador antes de que inicies sesión.",
    "storage_user_id": "Te reconoce una vez que inicias sesión.",
    "storage_traits": "Guarda lo que nos has contado sobre ti, como tu plan.",
    "storage_queue": "Guarda eventos que aún no se han podido enviar.",
    "storage_messaging": "Recuerda qué mensajes en la app ya has visto.",
    "details": "Detalles",
    "lifetime_persistent": "hasta que se borre",
    "and": "y",
    "analytics_in_text": "analítica",
    "marketing_in_text": "marketing",
    "privacy_policy": "Política de privacidad",
    "storage_ids": "Reconoce tu navegador y, cuando inicias sesión, a ti.",
    "declaration_name": "Nombre",
    "declaration_kind": "Tipo",
    "declaration_purpose": "Finalidad",
    "declaration_lifetime": "Se conserva",
    "kind_cookie": "Cookie",
    "kind_local": "Almacenamiento local",
    "kind_session": "Almacenamiento de sesión",
    "storage_own_record": "Recuerda tus elecciones de privacidad.",
    "declaration_own": "Este sitio",
    "functional_label": "Funcional",
    "functional_description": "Funciones como el chat, vídeos y mapas incrustados e informes de errores.",
    "functional_in_text": "funciones",
}

IT = {
    "banner_title": "Le tue scelte sulla privacy",
    "banner_text": (
        "Vorremmo usare cookie e tecnologie simili per {categories}. "
        "Niente di tutto questo si attiva finché non dai il tuo consenso. "
        "Puoi cambiare la tua scelta in qualsiasi momento."
    ),
    "banner_text_opt_out": (
        "Usiamo cookie e tecnologie simili per {categories}. "
        "Puoi rifiutarli ora o in qualsiasi momento."
    ),
    "gpc_notice": (
        "Il tuo browser invia un segnale Global Privacy Control, quindi il marketing resta disattivato "
        "finché non lo attivi tu."
    ),
    "accept_all": "Accetta tutto",
    "reject_all": "Rifiuta tutto",
    "customize": "Personalizza",
    "save": "Salva le scelte",
    "close": "Chiudi",
    "preferences_title": "Preferenze sulla privacy",
    "preferences_text": "Scegli quali tipi di trattamento consentire. Quelli necessari sono sempre attivi.",
    "always_on": "Sempre attivo",
    "vendors": "Fornitori",
    "hosts": "Si connette a",
    "storage": "Cookie e archiviazione",
    "lifetime_days": "{n} giorni",
    "lifetime_session": "fino alla chiusura del browser",
    "floating_button": "Impostazioni privacy",
    "necessary_label": "Necessari",
    "necessary_description": "Indispensabili per il funzionamento del sito, anche per ricordare questa scelta.",
    "analytics_label": "Analisi",
    "analytics_description": "Ci aiuta a capire come viene usato il sito.",
    "marketing_label": "Marketing",
    "marketing_description": "Ci permette di inviarti messaggi pertinenti e di misurare le campagne.",
    "customerio_purpose": (
        "Invia le nostre email sul prodotto e i messaggi in-app, e misura come viene usato il prodotto."
    ),
    "storage_anonymous_id": "Riconosce il tuo browser prima che tu acceda.",
    "storage_user_id": "Ti riconosce dopo che hai effettuato l'accesso.",
    "storage_traits": "Conserva ciò che ci hai detto di te, come il tuo piano.",
    "storage_queue": "Conserva gli eventi che non è stato ancora possibile inviare.",
    "storage_messaging": "Ricorda quali messaggi in-app hai già visto.",
    "details": "Dettagli",
    "lifetime_persistent": "fino alla cancellazione",
    "and": "e",
    "analytics_in_text": "analisi",
    "marketing_in_text": "marketing",
    "privacy_policy": "Informativa sulla privacy",
    "storage_ids": "Riconosce il tuo browser e, dopo l'accesso, te.",
    "declaration_name": "Nome",
    "declaration_kind": "Tipo",
    "declaration_purpose": "Finalità",
    "declaration_lifetime": "Conservato",
    "kind_cookie": "Cookie",
    "kind_local": "Archiviazione locale",
    "kind_session": "Archiviazione di sessione",
    "storage_own_record": "Ricorda le tue scelte sulla privacy.",
    "declaration_own": "Questo sito",
    "functional_label": "Funzionale",
    "functional_description": "Funzioni come chat, video e mappe incorporati e segnalazioni di errori.",
    "functional_in_text": "funzioni",
}

NL = {
    "banner_title": "Uw privacykeuzes",
    "banner_text": (
        "We willen graag cookies en vergelijkbare technieken gebruiken voor {categories}. "
        "Niets daarvan wordt actief voordat u toestemming geeft. U kunt uw keuze altijd wijzigen."
    ),
    "banner_text_opt_out": (
        "We gebruiken cookies en vergelijkbare technieken voor {categories}. "
        "U kunt ze weigeren, nu of op elk moment."
    ),
    "gpc_notice": (
        "Uw browser stuurt een Global Privacy Control-signaal, dus marketing blijft uit tenzij u het zelf aanzet."
    ),
    "accept_all": "Alles accepteren",
    "reject_all": "Alles weigeren",
    "customize": "Aanpassen",
    "save": "Keuzes opslaan",
    "close": "Sluiten",
    "preferences_title": "Privacyvoorkeuren",
    "preferences_text": "Kies welke soorten verwerking u toestaat. De noodzakelijke staan altijd aan.",
    "always_on": "Altijd aan",
    "vendors": "Leveranciers",
    "hosts": "Maakt verbinding met",
    "storage": "Cookies en opslag",
    "lifetime_days": "{n} dagen",
    "lifetime_session": "tot u de browser sluit",
    "floating_button": "Privacy-instellingen",
    "necessary_label": "Noodzakelijk",
    "necessary_description": "Nodig om de site te laten werken, ook om deze keuze te onthouden.",
    "analytics_label": "Analyse",
    "analytics_description": "Helpt ons te begrijpen hoe de site wordt gebruikt.",
    "marketing_label": "Marketing",
    "marketing_description": "Hiermee kunnen we u relevante berichten sturen en campagnes meten.",
    "customerio_purpose": "Verstuurt onze productmails en in-appberichten, en meet hoe het product wordt gebruikt.",
    "storage_anonymous_id": "Herkent uw browser voordat u inlogt.",
    "storage_user_id": "Herkent u zodra u bent ingelogd.",
    "storage_traits": "Bewaart wat u ons over uzelf hebt verteld, zoals uw abonnement.",
    "storage_queue": "Bewaart gebeurtenissen die nog niet verzonden konden worden.",
    "storage_messaging": "Onthoudt welke in-appberichten u al hebt gezien.",
    "details": "Details",
    "lifetime_persistent": "tot het wordt verwijderd",
    "and": "en",
    "analytics_in_text": "analyse",
    "marketing_in_text": "marketing",
    "privacy_policy": "Privacybeleid",
    "storage_ids": "Herkent uw browser en, zodra u bent ingelogd, u.",
    "declaration_name": "Naam",
    "declaration_kind": "Soort",
    "declaration_purpose": "Doel",
    "declaration_lifetime": "Bewaard",
    "kind_cookie": "Cookie",
    "kind_local": "Lokale opslag",
    "kind_session": "Sessieopslag",
    "storage_own_record": "Onthoudt uw privacykeuzes.",
    "declaration_own": "Deze site",
    "functional_label": "Functioneel",
    "functional_description": "Functies zoals chat, ingesloten video's en kaarten, en foutmeldingen.",
    "functional_in_text": "functies",
}

PT = {
    "banner_title": "As suas opções de privacidade",
    "banner_text": (
        "Gostaríamos de utilizar cookies e tecnologias semelhantes para {categories}. "
        "Nada disso é ativado sem o seu consentimento. Pode alterar a sua escolha a qualquer momento."
    ),
    "banner_text_opt_out": (
        "Utilizamos cookies e tecnologias semelhantes para {categories}. "
        "Pode recusá-los agora ou a qualquer momento."
    ),
    "gpc_notice": (
        "O seu navegador envia um sinal Global Privacy Control, por isso o marketing fica desativado, "
        "a menos que seja o próprio utilizador a ativá-lo."
    ),
    "accept_all": "Aceitar tudo",
    "reject_all": "Rejeitar tudo",
    "customize": "Personalizar",
    "save": "Guardar escolhas",
    "close": "Fechar",
    "preferences_title": "Preferências de privacidade",
    "preferences_text": "Escolha que tipos de tratamento permite. Os necessários estão sempre ativos.",
    "always_on": "Sempre ativo",
    "vendors": "Fornecedores",
    "hosts": "Liga-se a",
    "storage": "Cookies e armazenamento",
    "lifetime_days": "{n} dias",
    "lifetime_session": "até fechar o navegador",
    "floating_button": "Definições de privacidade",
    "necessary_label": "Necessários",
    "necessary_description": "Essenciais para o funcionamento do site, incluindo guardar esta escolha.",
    "analytics_label": "Análise",
    "analytics_description": "Ajuda-nos a compreender como o site é utilizado.",
    "marketing_label": "Marketing",
    "marketing_description": "Permite-nos enviar-lhe mensagens relevantes e medir campanhas.",
    "customerio_purpose": (
        "Envia os nossos e-mails sobre o produto e mensagens na aplicação, e mede como o produto é utilizado."
    ),
    "storage_anonymous_id": "Reconhece o seu navegador antes de iniciar sessão.",
    "storage_user_id": "Identifica a sua conta depois de iniciar sessão.",
    "storage_traits": "Guarda o que nos disse sobre si, como o seu plano.",
    "storage_queue": "Guarda eventos que ainda não foi possível enviar.",
    "storage_messaging": "Memoriza as mensagens na aplicação que já viu.",
    "details": "Detalhes",
    "lifetime_persistent": "até ser apagado",
    "and": "e",
    "analytics_in_text": "análise",
    "marketing_in_text": "marketing",
    "privacy_policy": "Política de privacidade",
    "storage_ids": "Reconhece o seu navegador e, depois de iniciar sessão, a sua conta.",
    "declaration_name": "Nome",
    "declaration_kind": "Tipo",
    "declaration_purpose": "Finalidade",
    "declaration_lifetime": "Guardado",
    "kind_cookie": "Cookie",
    "kind_local": "Armazenamento local",
    "kind_session": "Armazenamento de sessão",
    "storage_own_record": "Lembra as suas escolhas de privacidade.",
    "declaration_own": "Este site",
    "functional_label": "Funcional",
    "functional_description": "Funções como chat, vídeos e mapas incorporados e relatórios de erros.",
    "functional_in_text": "funções",
}

PL = {
    "banner_title": "Prywatność i pliki cookie",
    "banner_text": (
        "Chcielibyśmy używać plików cookie i podobnych technologii do celów {categories}. "
        "Nic z tego nie zostanie uruchomione bez zgody. Decyzję można zmienić w dowolnym momencie."
    ),
    "banner_text_opt_out": (
        "Używamy plików cookie i podobnych technologii do celów {categories}. "
        "Można je odrzucić teraz lub w dowolnym momencie."
    ),
    "gpc_notice": (
        "Przeglądarka wysyła sygnał Global Privacy Control, więc marketing pozostaje wyłączony, "
        "chyba że zostanie włączony ręcznie."
    ),
    "accept_all": "Zaakceptuj wszystko",
    "reject_all": "Odrzuć wszystko",
    "customize": "Dostosuj",
    "save": "Zapisz wybór",
    "close": "Zamknij",
    "preferences_title": "Preferencje prywatności",
    "preferences_text": "Tutaj można wybrać dozwolone rodzaje przetwarzania. Niezbędne są zawsze włączone.",
    "always_on": "Zawsze włączone",
    "vendors": "Dostawcy",
    "hosts": "Łączy się z",
    "storage": "Pliki cookie i pamięć",
    "lifetime_days": "{n} dni",
    "lifetime_session": "do zamknięcia przeglądarki",
    "floating_button": "Ustawienia prywatności",
    "necessary_label": "Niezbędne",
    "necessary_description": "Potrzebne do działania strony, w tym do zapamiętania tego wyboru.",
    "analytics_label": "Analityczne",
    "analytics_description": "Pomagają nam zrozumieć, jak strona jest używana.",
    "marketing_label": "Marketingowe",
    "marketing_description": "Pozwalają nam wysyłać dopasowane wiadomości i mierzyć skuteczność kampanii.",
    "customerio_purpose": (
        "Wysyła nasze e-maile dotyczące produktu i wiadomości w aplikacji oraz mierzy, jak produkt jest używany."
    ),
    "storage_anonymous_id": "Rozpoznaje przeglądarkę przed zalogowaniem.",
    "storage_user_id": "Rozpoznaje użytkownika po zalogowaniu.",
    "storage_traits": "Przechowuje podane nam informacje, takie jak wybrany plan.",
    "storage_queue": "Przechowuje zdarzenia, których nie udało się jeszcze wysłać.",
    "storage_messaging": "Zapamiętuje, które wiadomości w aplikacji zostały już wyświetlone.",
    "details": "Szczegóły",
    "lifetime_persistent": "do usunięcia",
    "and": "i",
    "analytics_in_text": "analitycznych",
    "marketing_in_text": "marketingowych",
    "privacy_policy": "Polityka prywatności",
    "storage_ids": "Rozpoznaje przeglądarkę, a po zalogowaniu także użytkownika.",
    "declaration_name": "Nazwa",
    "declaration_kind": "Rodzaj",
    "declaration_purpose": "Cel",
    "declaration_lifetime": "Przechowywane",
    "kind_cookie": "Plik cookie",
    "kind_local": "Pamięć lokalna",
    "kind_session": "Pamięć sesji",
    "storage_own_record": "Zapamiętuje Twoje wybory dotyczące prywatności.",
    "declaration_own": "Ta witryna",
    "functional_label": "Funkcjonalne",
    "functional_description": "Funkcje takie jak czat, osadzone filmy i mapy oraz zgłoszenia błędów.",
    "functional_in_text": "funkcji",
}

LANGUAGES = {"en": EN, "de": DE, "fr": FR, "es": ES, "it": IT, "nl": NL, "pt": PT, "pl": PL}
DEFAULT_LANGUAGE = "en"
