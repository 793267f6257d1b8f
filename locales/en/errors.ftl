## Error pages: what went wrong, and where help is.

error-not-found = Page not found
error-not-found-detail = There is no page at this address. It may have moved, or the address may have a typo.
error-uri-too-long = That address is too long
error-uri-too-long-detail = The address is longer than any page here needs. Try a shorter search.
error-headers-too-large = That request is too large
error-headers-too-large-detail = Your browser sent more request headers than the directory accepts. Clearing this site's data in your browser may help.
error-method-not-allowed = That is not something this page does
error-method-not-allowed-detail = Pages here can only be read. Use the links and the search box.
error-bad-request = That request could not be understood
error-malformed-query-detail = That address has broken characters in it (a stray % or bytes that are not text). Try the search box.
error-busy = The directory is busy
error-busy-detail = The directory could not answer just now. Please try again in a moment.
error-server = Something went wrong
error-server-detail = The directory could not show this page. The problem has been logged.
error-need-help = Need help now?
error-call-hotline = Call the National Human Trafficking Hotline at
error-any-time = , any time. In immediate danger, call
error-home = Go to the home page
