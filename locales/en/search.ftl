## search: the search page (/search). The engine's own words (facet values, state names,
## corrections) come from the catalog; these are the page's.

search-title = Search
search-title-query = Search: { $q }
search-heading = Search the directory
search-results-heading = Search results

# The box that answers a request for help or to report, above the results.
search-answer-help = Get help now
search-answer-help-and-report = Get help now, or report it
search-answer-report = Report it
search-answer-danger = If you or someone else is in immediate danger, call 911.
search-answer-local = Local contacts
search-answer-all-lines = Every hotline and reporting line

search-label = Search by topic, program, agency, phone number, state or ZIP code

# Notes above the results.
search-note-truncated = Your search was longer than { $max } characters, so only the first { $max } were used.
search-note-unplaced-zip = ZIP code { $zip } is not in a U.S. state or territory the directory covers (it may be military mail), so it was not used as a filter.
search-note-matched-any = No entry has all of your words, so these entries have some of them.
search-note-unranked = This search matches so many entries that they are listed in directory order, not by relevance. Add words or choose a filter to narrow it.

# Spelling: "No results for “hlep”. Showing results for help. Search for “hlep” exactly."
search-no-results-for = No results for “{ $q }”.
search-showing-results-for = Showing results for
search-exactly = Search for “{ $q }” exactly
search-did-you-mean = Did you mean

# A place found in the words, shown as a filter: "ZIP 06390 (Connecticut, New York)".
search-zip-chip = ZIP { $zip } ({ $states })
search-filters-in-use = Filters in use
search-remove = Remove
search-remove-filter = { " " }filter: { $label }

search-count = { $total ->
        [one] { $total } result.
       *[other] { $total } results.
    }
search-count-page = { $total } results; showing { $first }–{ $last }.
search-count-capped = More than { $total } results (the counts beside the filters are among the first { $total }).
search-count-capped-page = More than { $total } results (the counts beside the filters are among the first { $total }); showing { $first }–{ $last }.

search-pages = Result pages
search-previous-page = Previous page
search-next-page = Next page
search-page-of = Page { $page } of { $pages }
search-page-empty = There are no results on this page.
search-first-page = Go to the first page

search-narrow = Narrow the results
search-remove-filter-before = Remove filter:{ " " }
search-facet-kind = Kind
search-facet-topic = Topic
search-facet-state = State or territory
search-facet-audience = For
search-facet-agency = Agency

search-no-results = No results
search-tip-spelling = Check the spelling, or try fewer or more general words (“hotline”, “report”, “grants”).
search-tip-remove-filter = Remove a filter above.
search-browse = Browse
search-or-browse = Or browse
search-by-kind = by kind
search-by-topic = by topic
search-by-state = by state
search-by-agency = by agency
search-or = or

search-ideas = Ideas
search-idea-need = A need: “hotline”, “report trafficking”, “grants for tribes”, “training for police”.
search-idea-place = A place: “Texas”, “FBI TX”, or a ZIP code such as 77002.
search-idea-phone = A phone number in any format, to see whose it is.

# Addresses that cannot be searched (shown on an error page).
search-bad-address = That search address could not be read: each filter may appear once. Try the search box.
search-bad-page = “{ $page }” is not a page number. Pages count from 1.
search-unknown-kind = There is no kind “{ $value }” in the directory.
search-unknown-topic = There is no topic “{ $value }” in the directory.
search-unknown-state = There is no state or territory “{ $value }” in the directory.
search-unknown-audience = There is no audience “{ $value }” in the directory.
search-unknown-agency = There is no agency “{ $value }” in the directory.
