## Pages about the directory as a whole and the pages for people who need help: home, help,
## staying safe online, about, open data, the pocket card and the training matrix.

## Home
home-title = Anti-human-trafficking resources
home-heading = Find help and resources on human trafficking
home-route-help = I need help now
home-route-help-detail = Hotlines you can call or text any time, day or night.
home-route-report = I want to report
home-route-report-detail = How to tell law enforcement about suspected trafficking.
home-route-professionals = I work in this field
home-route-professionals-detail = Funding, training and technical assistance, task forces and publications.
home-lede = Hotlines, ways to report, victim services, task forces, funding, training and publications from U.S. Department of Justice sources: { $count ->
        [one] { $count } entry
       *[other] { $count } entries
    }, each with its source and the date it was last checked.
home-by-kind = Browse by kind
home-by-state = Browse by state or territory
home-by-state-detail = Each state and territory page lists its own contacts first, then national ones.
home-all-states = All 56 states and territories, with counts
home-topics = Topics

## Help
help-title = Get help now
help-description = Hotlines and reporting lines for human trafficking: who to call, when they answer, and who answers.
help-danger = If you or someone you know is in immediate danger, call
help-state-label = Add local contacts for a state or territory
help-state-choose = Choose a state or territory
help-state-button = Show local contacts
help-local-heading = Local contacts for { $state }
help-local-none = The directory has no local contacts for { $state } yet. The national lines below serve everyone.
help-local-everything = Everything for { $state }
help-local-card = Print a pocket card for { $state }
help-hotlines = Hotlines
help-report = Report suspected trafficking
help-report-detail = These lines are answered by federal law enforcement. Every FBI field office also takes reports: choose your state above, or see
help-report-all = all reporting lines
help-unknown-state = “{ $code }” is not a state or territory code the directory knows. Choose one from the list.

## Staying safe online
safety-title = Staying safe online
safety-description = What Quick exit, private windows and texting can and cannot hide, if someone may be watching your phone or computer.
safety-lede = If someone may be watching what you do on your phone or computer, these points can help you decide how to look for help. None of these steps removes every trace of what you do.
safety-help-now = Help at any hour
safety-in-danger = In immediate danger:
safety-hotline-hours = The National Human Trafficking Hotline answers 24 hours a day, 7 days a week:
safety-confidential = Contacting the Hotline is confidential, and you can ask for help without giving your name. You can also
safety-chat = chat on the Hotline's website
# The name of the Shift key as it is printed on keyboards.
safety-shift-key = Shift
safety-quick-exit-lead = Quick exit leaves this site, but it does not erase your browser history.
safety-quick-exit-body = The Quick exit button at the top of every page takes you straight to the National Weather Service's website. With JavaScript on, it also replaces the page you were on, so pressing Back does not return to it, and pressing the
safety-quick-exit-shift = key three times does the same.
safety-quick-exit-history = The pages of this site you visited before are still in your browser's history.
safety-private = Private windows
safety-private-lead = A private window keeps less, but not nothing.
safety-private-body = A private (or “incognito”) browser window lets you look at pages without leaving as much of a trace on the device, but it does not remove every trace of what you did.
safety-spyware = Shared or monitored devices
safety-spyware-lead = A shared or monitored phone or computer may have spyware on it.
safety-spyware-body = Spyware is a program that lets another person secretly watch and record what is done on a phone or computer. It is usually hard to find and remove, and anything you do on that device may be seen, including looking for help.
safety-safer-device = If you can, use a safer device that the person has no access to, such as a trusted friend's device or a computer at a public library.
safety-history = Clearing your history
safety-history-lead = An empty history can itself be noticed.
safety-history-body = Clearing your browser's history removes the list of pages you visited, but if someone looks and finds it empty, that can make them suspicious.
safety-texting = Texting or calling
safety-texting-lead = Texting may be safer than calling when someone is nearby, but messages stay on the phone unless you delete them.
safety-texting-body = In 2018 the Hotline added text and chat as more discreet ways to reach it, described as safer when a trafficker is nearby.
safety-texting-records = Many phones keep the history of text messages, so it may be important to delete them. Your phone company also has a record of the numbers you text, and others on the same phone account may be able to see it.
safety-sources = Sources
safety-sources-detail = This page is Lantern's summary of these public pages, not their words. Each was read on the date shown.
safety-source-published = published { $date }
safety-source-read = read { $date }
safety-note-untitled = The copy read shows no page title; this one describes the page.
safety-note-reference-data = Undated. The Hotline's channels, hours and languages are also recorded in Lantern's reference data (nhth-channels.csv).

## About
about-title = About, sources, privacy and safety
about-heading = About Lantern
about-lede = Lantern is a directory of public resources on human trafficking in the United States: hotlines and reporting lines, victim and survivor services, task forces, grant programs, training and technical assistance, publications, and the agencies behind them.
about-counts = It lists { $count ->
        [one] { $count } entry
       *[other] { $count } entries
    } from { $organizations ->
        [one] { $organizations } agency or organization
       *[other] { $organizations } agencies and organizations
    }.
about-not-emergency = Lantern is not an emergency service and does not provide services itself. If you or someone you know is in immediate danger, call
about-hotline = For help, advice or a referral at any time, call the National Human Trafficking Hotline at
about-sources = Sources and how entries are verified
about-sources-detail = Every entry comes from one of the sources below and says which one. Phone numbers, addresses and web addresses are copied exactly from the source; where a source gives none, the entry shows none rather than a guess. Where two sources disagree, the entry follows the later one and says so.
about-verified = Each entry shows the date a person last checked it against its source. Entries last checked more than a year ago carry a notice: numbers and offices change, so confirm before relying on them.
# $total counts entries and agencies; $count, those last checked more than a year ago.
about-due = { $count ->
        [0] Today none of the { $total } entries and agencies is due for verification: each was checked against its source within the last year.
        [one] Today { $count } of the { $total } entries and agencies is due for verification: it was last checked more than a year ago, and its page is marked “Verification due”.
       *[other] Today { $count } of the { $total } entries and agencies are due for verification: they were last checked more than a year ago, and their pages are marked “Verification due”.
    }
about-privacy = Privacy
about-privacy-cookies = Lantern sets no cookies and uses no analytics, trackers, advertising or third-party services. Every page, style and script comes from this site alone.
about-privacy-logs = Lantern keeps no record of what anyone searches for or reads. The server's logs record which kind of page was asked for and how long it took, never the search words, the address of the page, or the visitor's internet address.
about-privacy-referrer = Links to other sites are sent without telling them which Lantern page you came from.
about-privacy-cache = Search results are marked so your browser does not store them in its cache.
about-privacy-forms = If you send a report or a suggestion, Lantern keeps what you wrote in the form, the kind of problem and the entry it is about, the hour it arrived and, only if you give it, how to reach you. Nothing else: not your internet address, not your browser's details, not the page you came from.
about-privacy-forms-deleted = The people who run the directory read what is sent. Once a report or suggestion has been dealt with, it is deleted { $days ->
        [one] a day
       *[other] { $days } days
    } later.
about-privacy-forms-address = To stop floods of forms, the server counts how many each visitor sends in an hour, by a scrambled form of the internet address that it holds in memory only, never writes down, and forgets when it restarts.
about-safety = Staying safe while you look for help
about-safety-intro = If someone may be watching what you do on your phone or computer, keep these in mind:
about-safety-device-lead = Use a safer device if you can
about-safety-device = : a computer at a public library, a trusted friend's phone, or a device the person you are worried about has never had access to.
about-safety-monitored-lead = Devices and accounts can be monitored.
about-safety-monitored = Spyware, shared accounts, location sharing and synced browser history can show someone else where you have been. Clearing your history removes some traces, but it is no guarantee, and an empty history can itself be noticed.
about-safety-private-lead = Private or incognito browsing
about-safety-private = keeps pages out of the browser's history on that device, but it does not hide what you do from monitoring software or from the network you are on.
about-safety-calls-lead = Phone calls
about-safety-calls = appear in call logs and on phone bills. If that is a risk, call from a phone the other person cannot check.
about-quick-exit-start = Every page has a
about-quick-exit-body = { " " }button at the top. It takes you straight to the National Weather Service's website. With JavaScript on, it also replaces this page in your history, so pressing Back does not return here, and you can leave by pressing the
about-quick-exit-shift = key three times in a row. With JavaScript off, the button still works as an ordinary link.
about-quick-exit-history = Quick exit does not erase your history. Use the advice above as well.
about-feedback = Reports and suggestions
about-feedback-detail = Found a wrong number, a broken link or an entry that is out of date? Every entry's page has a link to report it, and the people who run the directory read every report. Do you know a resource that should be listed?
about-open = Open and correctable
about-open-detail = The directory's data is kept in plain, human-readable files with the site's source code. If an entry is wrong or out of date, an operator can correct the file and every page updates.

## Open data
open-data-title = Open data: the HSDS API and downloads
open-data-heading = Open data
open-data-lede = Everything in Lantern ({ $count ->
        [one] { $count } entry
       *[other] { $count } entries
    } from { $organizations ->
        [one] { $organizations } agency or organization
       *[other] { $organizations } agencies and organizations
    }) is open for other directories to reuse: 211s, hotlines, state coalitions and anyone building a service for survivors.
open-data-hsds = It is published in the Open Referral Human Services Data Specification (HSDS), version { $version }.
open-data-in-english = The feed and the HSDS API are in English; the site's pages are also in Spanish.
open-data-api = The HSDS API
open-data-api-answers = A read-only API answers in JSON at
open-data-api-cors = . Any website may call it from the browser: its answers allow every origin. It is described for tools by an OpenAPI document at
open-data-services = every entry as an HSDS service, { $per_page } to a page
open-data-up-to = up to { $max }
open-data-from-one = from 1
open-data-filter = Filter with
open-data-filter-search = the site's own search: a state name or ZIP code in the words filters by state
open-data-and = and
open-data-or = or
open-data-add = add
open-data-full = for phones, service areas and attributes.
open-data-one-service = one service, fully nested.
open-data-organizations = the agencies and organizations, each with the services it provides.
open-data-taxonomies = the kinds, topics, audiences and sources entries are classified by.
open-data-paging = Lists come in HSDS's paging envelope
open-data-errors = Errors are JSON too:
open-data-errors-status = , with the status that fits.
open-data-mapping = How entries map to HSDS
open-data-mapping-service = Each entry is a service; the agency behind it is its organization. Phone lines are phones of type voice, text or textphone; the states an entry serves are its service areas ("United States" for nationwide entries).
open-data-mapping-assured = is the date a person last checked the entry against its source.
open-data-mapping-attributes = What HSDS has no field for travels as attributes whose terms come from Lantern's own taxonomies: the entry's kind, topics and audiences; the source it follows; its one-sentence summary; the hours and languages of each line, and whether law enforcement answers it where a source says; each web link with its label; what happens when you contact the service, each point with the sources it summarises; and, for a number or link taken from another page than the entry's own source, that page.
open-data-mapping-ids = Identifiers are UUIDs derived from each entry's address on this site, so they stay the same from one update of the directory to the next.
open-data-downloads = Downloads and loading a directory of your own
open-data-export = Whoever runs a copy of Lantern can export the whole directory with
open-data-export-hsds = an HSDS tabular data package:
open-data-export-hsds-csv = and a CSV file per table
open-data-export-json = the same tables in one JSON file
open-data-export-csv = plain spreadsheets, one row per entry
open-data-import = loads such a package, checked as strictly as Lantern's own catalog: one bad record and nothing changes.
open-data-feeds = Feed and sitemap
open-data-feed = an Atom feed of entries as they are added or checked again, newest first.
open-data-sitemap = every public page, with the date its entry was last checked.
open-data-terms = Sources and reuse
open-data-terms-sources = The entries are compiled from U.S. Department of Justice and Office for Victims of Crime publications and from public reference data, listed on the
open-data-about-page = about page
open-data-terms-reuse = Every record names its source; please keep that when you republish, and check contact details against the source before relying on them.

## Pocket card
card-title = Pocket card for { $state }
card-description = A card to print for { $state }: 911, the National Human Trafficking Hotline and the local FBI field offices, with their numbers.
card-breadcrumb = Breadcrumb
card-home = Home
card-states = States and territories
card-pocket-card = Pocket card
card-how = Print this page to get a 4 × 6 inch card: the rest of the site is left off.
card-back = Back to { $state }
card-heading = Human trafficking: who to call in { $state }
card-danger = In immediate danger
card-summary-of = Lantern's summary of
card-local = Local lines in { $state }
card-local-none = The directory has no local line for { $state }: the lines above serve everyone.
card-printed = Printed from Lantern, { $address }, on { $date }.
card-verified-on = Entries last verified { $date }.
card-verified-between = Entries last verified between { $oldest } and { $newest }.
card-check-there = Check there for newer numbers.

## Training matrix
matrix-title = { $kind }: who each entry serves
matrix-description = A table of the directory's training and technical assistance entries and the audiences each one serves.
matrix-breadcrumb = Breadcrumb
matrix-home = Home
matrix-crumb = Who each entry serves
matrix-lede = Each row is one of the directory's { $count ->
        [one] { $count } training and technical assistance entry
       *[other] { $count } training and technical assistance entries
    }; each column is an audience. A tick means the entry lists that audience.
matrix-not-a-copy = This table is built from the directory's own records, so it shows what those records say. It is not a copy of the original matrix: the U.S. Department of Justice describes an interactive matrix of specialized training and technical assistance providers and their target audiences on the Office for Victims of Crime's website
matrix-source = source
matrix-region = Table of entries and audiences, scrolls sideways
matrix-caption = { $kind } entries (rows) and the audiences they serve (columns)
matrix-entry = Entry
matrix-yes = Yes
matrix-no = No
matrix-back = Back to the list of { $kind }
