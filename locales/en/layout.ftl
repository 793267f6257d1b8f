## The layout every page shares: the safety bar, the header, the footer, dates.

language-name = English
# The link to this page in the other language, written in that language.
language-switch = Español
language-switch-label = Esta página en español
site-name = Lantern
site-description = A directory of anti-human-trafficking hotlines, reporting lines, services, task forces, funding, training and publications, with the source of every entry.
feed-title = Lantern: entries added or re-verified
skip-to-content = Skip to main content
safety-call-911 = Call 911
safety-call-911-detail = { " " }if you are in immediate danger
safety-hotline-full = National Human Trafficking Hotline:
safety-hotline-short = Hotline:
safety-call-hotline = Call 888-373-7888
safety-text-hotline = Text 233733
safety-reach-hotline = { " " }to reach the National Human Trafficking Hotline
safety-online = Staying safe online
quick-exit = Quick exit
quick-exit-detail = : leave this site now
quick-exit-hint = Or press Shift three times.
nav-main = Main
nav-help = Get help now
nav-browse = Browse
nav-states = States
nav-search = Search
search-the-directory = Search the directory
search-button = Search
footer-nav = Site information
footer-safety = Staying safe online
footer-about = About and sources
footer-privacy = Privacy
footer-organizations = Agencies and organizations
footer-topics = Topics
footer-open-data = Open data
footer-disclaimer = Lantern lists public resources from U.S. Department of Justice pages and public reference data. It is not an emergency service: in immediate danger, call 911.

# Dates. $month is 1 to 12.
date-day = { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $day }, { $year }
date-month = { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year }
