## Browsing the directory: kinds, topics, lists, states, organizations, resource pages, and
## the pieces they share (macro-…).

macro-breadcrumb = Breadcrumb
macro-breadcrumb-home = Home
macro-nationwide = Nationwide
macro-serves = Serves { $states }
macro-undated = undated
macro-link-from = Link from:
# Beside a link on a resource's page: the last time the link checker tried it.
macro-link-checked = Checked { $date }
macro-link-unreachable = Could not be reached on { $date }; the address may have changed
macro-number-from = Number from
macro-note = Note
macro-hours = Hours
macro-languages = Languages
macro-who-answers = Who answers
macro-law-enforcement = Law enforcement
macro-not-law-enforcement = Not law enforcement
macro-facts-intro = The directory's summary, in its own words, of the pages named after each point.
macro-sources = { $count ->
        [one] Source:
       *[other] Sources:
    }
macro-what-happens = What happens when you contact them
# What a button says before the number it dials.
macro-dial-call = Call
macro-dial-text = Text
macro-dial-tty = TTY
macro-dial-report = Call to report
# How a number is reached, in the list of its facts.
macro-reach-call = Call
macro-reach-text = Text
macro-reach-tty = TTY
# What a screen reader hears after a button's visible words: whom it reaches. $article is
# "none" when the name already starts with "The".
macro-dial-whom-reach = { " " }to reach { $article ->
        [none] { "" }
       *[the] { "the " }
    }{ $name }
macro-dial-whom-report = { " " }to { $article ->
        [none] { "" }
       *[the] { "the " }
    }{ $name }
# What a source's date is. $precision is "day" or "month".
macro-source-published = Published { $date }
macro-source-updated = Updated { $date }
macro-source-as-listed = As listed in { $date }

resource-also-known-as = Also known as
resource-stale = This entry was last verified more than a year ago ({ $date }). Numbers and addresses can change: confirm with the organization before relying on them. In an emergency, call
resource-contact = Contact
resource-address = Address
resource-no-contact = The source gives no phone number or web address for this entry. For help now, call the National Human Trafficking Hotline at
resource-no-contact-or = , or
resource-no-contact-emergency = { " " }in an emergency.
resource-about = About
resource-details = Details
resource-agency = Agency
resource-kind = Kind
resource-topics = Topics
resource-for = For
resource-area = Area served
resource-whole-country = The whole United States
resource-source-heading = Source
resource-source = Source:
resource-also-in = Also mentioned in:
resource-last-verified = Last verified { $date }.
# The label of an entry or agency last verified more than a year ago.
verification-due = Verification due
resource-how-sourced = How entries are sourced and verified

org-list-heading = Agencies and organizations
org-list-lede = The agencies and organizations behind the directory's entries.
org-list-entries = { $count ->
        [one] { $count } entry
       *[other] { $count } entries
    }
org-also-known-as = Also known as
org-part-of = Part of
org-website = Website
org-children = Offices and components
org-entries = Entries
org-no-entries = No entries in the directory name { $name } as the agency behind them.

kinds-heading = Browse the directory
kinds-lede = { $count ->
        [one] { $count } entry
       *[other] { $count } entries
    }, by kind, by topic, by state, or by the agency behind them.
kinds-by-kind = By kind
kinds-more = More ways to browse
kinds-by-topic = By topic
kinds-by-state = By state or territory
kinds-by-organization = By agency or organization

topics-heading = Topics
topics-lede = What the directory's entries are about. An entry can have several topics.

list-count = { $count ->
        [one] { $count } entry
       *[other] { $count } entries
    }.
list-training-matrix = See which audiences each entry serves, in a table

states-heading = States and territories
states-lede = All 56 jurisdictions: the 50 states, the District of Columbia and five territories. Each page lists its own contacts first, then the { $national ->
        [one] { $national } national entry that serves
       *[other] { $national } national entries that serve
    } everyone.
states-map = Map
states-list = List
states-caption = States and territories with the number of local entries
states-column-state = State or territory
states-column-local = Local entries

state-description = Who to call in { $state } about human trafficking: local FBI field offices, the National Human Trafficking Hotline, 911, reporting lines, and resources for professionals.
state-card-link = Print a pocket card for { $state }
state-card-detail = : 911, the Hotline and the local lines on one small page.
state-local = Local contacts
state-no-local = The directory has no local contacts for { $state }. The national lines below serve everyone.
state-help-now = Help now
state-report = Report
state-professionals = For professionals
state-professionals-lede = Victim services, task forces, funding, training and publications that serve { $state }: open a group to see its entries.
state-show-entries = Show { $count ->
        [one] { $count } entry
       *[other] { $count } entries
    }
