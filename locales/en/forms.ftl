## The report and suggestion forms, and the page that thanks for them.

form-warning-identity = Do not include your name, or anything that identifies you or someone else.
form-warning-danger = If you are in danger, do not use this form.
form-warning-danger-call = Call
form-warning-danger-or = or the National Human Trafficking Hotline at
form-errors-heading = There is a problem
form-error-prefix = Error:
form-error-too-long = Shorten this to { $max } characters or fewer: it has { $count }.
form-contact-label = How to reach you (optional)
form-contact-hint = An email address or phone number, only if you want a reply. It will be stored with what you send: give it only if it is safe for someone to contact you there.
form-trap-label = Leave this field empty

report-title = Report a problem with this entry
report-entry = You are reporting a problem with:
report-problem-legend = What is wrong?
report-problem-phone-wrong = A phone number is wrong
report-problem-link-broken = A web link is broken
report-problem-closed-or-moved = It has closed or moved
report-problem-out-of-date = The information is out of date
report-problem-other = Something else
report-message-label = What should we know?
report-message-hint = For example, the right number, or what has changed. Needed if you chose "Something else". At most 2,000 characters.
report-send = Send report
report-error-problem = Choose what is wrong.
report-error-message = Tell us what is wrong: you chose "Something else".

suggest-title = Suggest a resource
suggest-intro = Do you know a hotline, service or program against human trafficking that this directory should list? Tell us about it. Every suggestion is checked against a public source before anything is added.
suggest-name-label = Its name
suggest-name-hint = As the organization writes it. At most 200 characters.
suggest-what-label = What it does
suggest-what-hint = Whom it helps, and how. At most 2,000 characters.
suggest-reach-label = A web address or phone number for it
suggest-reach-hint = Where people can find or contact it, so it can be checked. At most 300 characters.
suggest-states-legend = The states it serves
suggest-states-hint = Choose every state or territory it serves. Leave them all unchosen if it serves the whole country or you are not sure.
suggest-learned-label = Where did you learn of it?
suggest-learned-hint = For example, its website, a flyer or an agency. At most 500 characters.
suggest-send = Send suggestion
suggest-error-name = Tell us its name.
suggest-error-what = Tell us what it does.
suggest-error-reach = Give a web address or phone number for it.
suggest-error-states = Choose states from the list.
suggest-error-learned = Tell us where you learned of it.

thanks-title = Thank you
thanks-report = Your report about { $name } was received. The people who run this directory read every report, and correct the entry when it is wrong.
thanks-suggestion = Your suggestion was received. The people who run this directory check every suggestion against a public source before adding it.
thanks-danger = If you are in danger now, call
thanks-no-reply = You will only hear back if you left a way to reach you.
thanks-back-to-entry = Back to the entry
thanks-suggest-another = Suggest another resource

# Where the forms are reached from: each resource page, the footer and the about page.
report-link = Report a problem with this entry
suggest-link = Suggest a resource
