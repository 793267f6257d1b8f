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

## Forms refused: each says what happened and that nothing was sent.

error-form-again = Go back to the form
error-cross-site = Forms can only be sent from this site
error-cross-site-detail = This form was sent from another website, and the directory refuses that to protect the people who use it. Nothing was sent. Please use the form on this site.
error-not-a-form = That is not a form this site takes
error-not-a-form-detail = The directory only takes its own forms, sent the way a browser sends them. Nothing was sent. Please use the form on this site.
error-too-large = That is too long to send
error-too-large-detail = A form may hold at most 8 KB of text. Nothing was sent. Please shorten what you wrote and send it again.
error-too-slow = That took too long to arrive
error-too-slow-detail = The form did not reach the directory in time. Nothing was sent. Please send it again.
error-form-malformed = What was sent is not a form this page knows. Nothing was sent. Please fill in the form again.
error-form-not-sent = The form was not sent
error-form-honeypot = It looked as if a program filled in the form. If you filled it in yourself, please go back and send it again.
error-form-token = The form could not be checked: it did not come from this page, or it was changed on the way. Please fill in the form again.
error-form-expired = This form has expired
error-form-expired-detail = A form stays open for a day. Nothing was sent. Please fill in the form again.
error-form-too-soon = That was sent too quickly
error-form-too-soon-detail = The form came back within seconds of opening, which is how automated spam behaves. Nothing was sent. Please fill in the form again, taking a moment before you send it.
error-too-many = Too many forms have been sent
error-too-many-detail = This connection has sent as many forms as the directory takes in an hour. Nothing more was sent. Please try again later.
error-too-many-everyone = The directory has received as many forms as it takes in an hour. Nothing was sent. Please try again later.
error-feedback-unavailable = Forms cannot be taken just now
error-feedback-unavailable-detail = The directory cannot store what you send at the moment, so nothing was sent. Please try again later.
