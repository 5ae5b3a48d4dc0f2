"""Message templates as data, in the GOV.UK Notify style.

Placeholders are written ``((name))``, as in Notify, so the same text can be pasted into a Notify
template. In production each template (and channel) is mapped to its Notify template id through
the ``NOTIFY_TEMPLATE_IDS`` setting, keyed by ``MessageTemplate.notify_key(channel)``: the template
id for email (``"case_opened"``) and the id with ``.sms`` for text messages
(``"case_opened.sms"``). Letters are posted by a person, so they need no Notify id.
"""

import re
from dataclasses import dataclass

from sendresolve.core.external_links import TRIBUNAL_APPEAL_FORM, TRIBUNAL_GUIDANCE
from sendresolve.notifications.models import Channel

PLACEHOLDER = re.compile(r"\(\(([a-z][a-z0-9_]*)\)\)")


def placeholders_in(*texts: str) -> tuple[str, ...]:
    """Return the placeholder names used in ``texts``, in order of first use."""
    names: dict[str, None] = {}
    for text in texts:
        for name in PLACEHOLDER.findall(text):
            names.setdefault(name, None)
    return tuple(names)


# The certificate emails' second half: the PDF (through the family's status link), the appeal
# deadline, and the tribunal's own appeal form and guidance (``core.external_links``).
CERTIFICATE_NEXT = (
    "Download the certificate (PDF):\n((certificate_link))\n\n"
    "This link works for ((link_days)) days. After that, ask for a new link to your case at "
    "((new_link)).\n\n"
    "If you want to appeal to the First-tier Tribunal (Special Educational Needs and "
    "Disability), you must appeal by ((appeal_deadline)). You will need the certificate number "
    "when you appeal.\n\n"
    f"The appeal form (SEND35) and its notes: {TRIBUNAL_APPEAL_FORM}\n"
    f"How to appeal: {TRIBUNAL_GUIDANCE}\n\n"
)


@dataclass(frozen=True)
class MessageTemplate:
    id: str
    description: str
    subject: str
    body: str
    # The text message version; a template can be sent by text message only if it has one.
    sms_body: str = ""
    letter: bool = True
    # False for a covering letter that only ever goes by post (it needs no Notify email id).
    email: bool = True

    @property
    def channels(self) -> frozenset[Channel]:
        channels = {Channel.EMAIL} if self.email else set()
        if self.sms_body:
            channels.add(Channel.SMS)
        if self.letter:
            channels.add(Channel.LETTER)
        return frozenset(channels)

    def placeholders(self, channel: Channel) -> tuple[str, ...]:
        """Return the placeholders a message on ``channel`` needs."""
        if channel == Channel.SMS:
            return placeholders_in(self.sms_body)
        return placeholders_in(self.subject, self.body)

    def render(self, channel: Channel, personalisation: dict[str, str]) -> tuple[str, str]:
        """Return ``(subject, body)`` with the placeholders filled in (no subject for SMS)."""

        def fill(text: str) -> str:
            return PLACEHOLDER.sub(lambda match: personalisation[match.group(1)], text)

        if channel == Channel.SMS:
            return "", fill(self.sms_body)
        return fill(self.subject), fill(self.body)

    def notify_key(self, channel: Channel) -> str:
        """Return the key of this template's Notify id in ``NOTIFY_TEMPLATE_IDS``."""
        return self.id if channel == Channel.EMAIL else f"{self.id}.{channel}"


TEMPLATES: dict[str, MessageTemplate] = {
    template.id: template
    for template in [
        MessageTemplate(
            id="case_opened",
            description="Confirms to the family that their case is open, with its reference.",
            subject="Your mediation case reference is ((case_reference))",
            body=(
                "Dear ((name)),\n\n"
                "We have received your request about SEND mediation.\n\n"
                "Your case reference is ((case_reference)). Please use it whenever you "
                "contact us.\n\n"
                "A mediation adviser from ((provider_name)) will contact you to talk about "
                "what happens next. If you have a question before then, call us on "
                "((provider_phone)).\n\n"
                "((provider_name))"
            ),
            sms_body=(
                "We have received your SEND mediation request. Your case reference is "
                "((case_reference)). ((provider_name)) will contact you soon."
            ),
        ),
        MessageTemplate(
            id="mediation_advice_given",
            description="Records the mediation advice given and what the family can do next.",
            subject="Mediation advice for case ((case_reference))",
            body=(
                "Dear ((name)),\n\n"
                "On ((advice_date)) we gave you information and advice about mediation.\n\n"
                "If you want to go to mediation, tell us and we will tell the local authority. "
                "If you do not want mediation, tell us and we will send you a mediation "
                "certificate. You need the certificate to appeal to the tribunal.\n\n"
                "Call us on ((provider_phone)) and quote your case reference, "
                "((case_reference)).\n\n"
                "((provider_name))"
            ),
            sms_body=(
                "We gave you mediation advice for case ((case_reference)) on ((advice_date)). "
                "Tell ((provider_name)) if you want mediation or a mediation certificate."
            ),
        ),
        MessageTemplate(
            id="certificate_issued",
            description="Sends the mediation certificate number and the appeal deadline.",
            subject="Your mediation certificate ((certificate_number))",
            body=(
                "Dear ((name)),\n\n"
                "We have issued your mediation certificate on ((issued_on)).\n\n"
                "Certificate number: ((certificate_number))\n"
                "Case reference: ((case_reference))\n\n" + CERTIFICATE_NEXT + "((provider_name))"
            ),
            sms_body=(
                "Your mediation certificate number is ((certificate_number)). See it at "
                "((status_link)) To appeal to the tribunal you must appeal by "
                "((appeal_deadline)). Case ((case_reference))."
            ),
        ),
        MessageTemplate(
            id="certificate_corrected",
            description="Sends a corrected mediation certificate's number, the number it "
            "replaces and the appeal deadline.",
            subject="Your corrected mediation certificate ((certificate_number))",
            body=(
                "Dear ((name)),\n\n"
                "We have issued a corrected mediation certificate on ((issued_on)). It replaces "
                "certificate ((replaced_number)): please use the corrected one.\n\n"
                "Certificate number: ((certificate_number))\n"
                "Case reference: ((case_reference))\n\n" + CERTIFICATE_NEXT + "((provider_name))"
            ),
            sms_body=(
                "Your corrected mediation certificate number is ((certificate_number)); it "
                "replaces ((replaced_number)). See it at ((status_link)) To appeal you must "
                "appeal by ((appeal_deadline)). Case ((case_reference))."
            ),
        ),
        MessageTemplate(
            id="session_arranged",
            description="Tells a party the date, time and place of a mediation session.",
            subject="Your mediation session on ((session_date))",
            body=(
                "Dear ((name)),\n\n"
                "Your mediation session is arranged.\n\n"
                "Date: ((session_date))\n"
                "Time: ((session_time))\n"
                "Where: ((venue))\n\n"
                "If you cannot come, call us on ((provider_phone)) as soon as you can and "
                "quote your case reference, ((case_reference)).\n\n"
                "((provider_name))"
            ),
            sms_body=(
                "Your mediation session is on ((session_date)) at ((session_time)), "
                "((venue)). Case ((case_reference))."
            ),
        ),
        MessageTemplate(
            id="session_cancelled",
            description="Tells the family that an arranged mediation session is cancelled.",
            subject="Your mediation session on ((session_date)) is cancelled",
            body=(
                "Dear ((name)),\n\n"
                "Your mediation session on ((session_date)) at ((session_time)) is cancelled. "
                "We will contact you to arrange another date.\n\n"
                "If you have any questions, call us on ((provider_phone)) and quote your case "
                "reference, ((case_reference)).\n\n"
                "((provider_name))"
            ),
            sms_body=(
                "Your mediation session on ((session_date)) at ((session_time)) is cancelled. "
                "We will contact you to arrange another. Case ((case_reference))."
            ),
        ),
        # Rearranged and cancelled meetings (issue 18): the family's message, and the one to
        # everyone else invited (by email; it names no one but the person it is to).
        MessageTemplate(
            id="session_rearranged",
            description="Tells the family an arranged mediation session has a new date, time or "
            "place.",
            subject="Your mediation session has moved to ((session_date))",
            body=(
                "Dear ((name)),\n\n"
                "Your mediation session on ((old_session_date)) at ((old_session_time)) has "
                "been rearranged.\n\n"
                "New date: ((session_date))\n"
                "Time: ((session_time))\n"
                "Where: ((venue))\n\n"
                "If you cannot come, call us on ((provider_phone)) as soon as you can and "
                "quote your case reference, ((case_reference)).\n\n"
                "((provider_name))"
            ),
            sms_body=(
                "Your mediation session has moved to ((session_date)) at ((session_time)), "
                "((venue)). Case ((case_reference))."
            ),
        ),
        MessageTemplate(
            id="session_rearranged_party",
            description="Tells someone invited to a mediation session its new date, time or place.",
            subject="Mediation session for case ((case_reference)) moved to ((session_date))",
            body=(
                "Dear ((name)),\n\n"
                "The mediation session for case ((case_reference)) on ((old_session_date)) at "
                "((old_session_time)) has been rearranged.\n\n"
                "New date: ((session_date))\n"
                "Time: ((session_time))\n"
                "Where: ((venue))\n\n"
                "((provider_name))"
            ),
            letter=False,
        ),
        MessageTemplate(
            id="session_cancelled_party",
            description="Tells someone invited to a mediation session that it is cancelled.",
            subject="Mediation session for case ((case_reference)) on ((session_date)) cancelled",
            body=(
                "Dear ((name)),\n\n"
                "The mediation session for case ((case_reference)) on ((session_date)) at "
                "((session_time)) is cancelled. We will contact you about another date.\n\n"
                "((provider_name))"
            ),
            letter=False,
        ),
        MessageTemplate(
            id="la_informed_mediation_requested",
            description="Tells the local authority SEND officer that a family wants mediation.",
            subject="Mediation requested: case ((case_reference))",
            body=(
                "Dear ((officer_name)),\n\n"
                "A family has told ((provider_name)) that they want mediation about a "
                "decision by ((local_authority_name)).\n\n"
                "Case reference: ((case_reference))\n"
                "Requested on: ((requested_on))\n\n"
                "The mediation must take place by ((mediation_deadline)). Sign in to "
                "SEND Resolve to see the case."
            ),
            letter=False,
        ),
        # The council's inbox (issue 18): to the LA's SEND team address and its officers on
        # the case (``cases.council_inbox``). No child's name, nothing said at mediation.
        MessageTemplate(
            id="health_care_in_issue_notice",
            description="Tells the local authority that health care is in issue, so it must "
            "notify the health commissioning body within 3 working days (MED-03).",
            subject="Health care in issue: notify the health body (case ((case_reference)))",
            body=(
                "Dear ((officer_name)),\n\n"
                "The family on case ((case_reference)) wants mediation about a decision by "
                "((local_authority_name)), and the issues include health care provision.\n\n"
                "The local authority must notify ((health_bodies)) by ((notice_deadline)) "
                "(3 working days after it was told).\n\n"
                "Record the notice on the case in SEND Resolve once it is given.\n\n"
                "((provider_name))"
            ),
            letter=False,
        ),
        MessageTemplate(
            id="la_cannot_arrange_recorded",
            description="Confirms to the local authority that it cannot arrange mediation "
            "within 30 days, and when the certificate is due.",
            subject="Mediation cannot be arranged in 30 days: case ((case_reference))",
            body=(
                "Dear ((officer_name)),\n\n"
                "((provider_name)) has recorded that ((local_authority_name)) cannot arrange "
                "mediation on case ((case_reference)) within 30 days (recorded on "
                "((recorded_on))).\n\n"
                "The mediation adviser must issue the family's mediation certificate by "
                "((certificate_deadline)). Sign in to SEND Resolve to see the case."
            ),
            letter=False,
        ),
        MessageTemplate(
            id="status_link",
            description="Sends the family a secure link to follow their case online.",
            subject="Follow your case ((case_reference)) online",
            body=(
                "Dear ((name)),\n\n"
                "You can see what is happening with your case, the dates that matter and any "
                "mediation certificate at this link:\n\n"
                "((status_link))\n\n"
                "The link works for ((link_days)) days. Do not share it: anyone with the link "
                "can see your case. You can ask for a new link at any time.\n\n"
                "Case reference: ((case_reference))\n\n"
                "((provider_name))"
            ),
            sms_body=(
                "Follow your SEND case ((case_reference)) at ((status_link)) The link works "
                "for ((link_days)) days. Do not share it."
            ),
        ),
        # Save and return (public/family/save_views.py): only to the address the family typed
        # to get it, so by email only; no name, the answers may not have one yet.
        MessageTemplate(
            id="request_saved",
            description="Sends the family a link back to the request they saved to finish later.",
            subject="Your saved request for SEND mediation",
            body=(
                "You saved your answers to a request for SEND mediation, mediation advice or "
                "disagreement resolution.\n\n"
                "To carry on where you stopped, use this link:\n\n"
                "((saved_link))\n\n"
                "The link works until ((expires_at)). After that your answers are deleted and "
                "you will need to start again.\n\n"
                "Do not share the link: anyone with it can see your answers. If you save your "
                "answers again, only the link in the newest email will work.\n\n"
                "If you did not ask for this email, you do not need to do anything."
            ),
            letter=False,
        ),
        MessageTemplate(
            id="agreed_action_due",
            description="Reminds a party that an action agreed at mediation is due.",
            subject="Reminder: agreed action due by ((due_date))",
            body=(
                "Dear ((name)),\n\n"
                "At mediation it was agreed that:\n\n"
                "((action))\n\n"
                "This is due by ((due_date)).\n\n"
                "Case reference: ((case_reference))"
            ),
            sms_body=(
                "Reminder: an action agreed at mediation is due by ((due_date)). "
                "Case ((case_reference))."
            ),
        ),
        # Deadline reminders to staff (sendresolve.reminders). They name the case and the step,
        # never the child or what was said at mediation: staff open the case to see more.
        MessageTemplate(
            id="deadline_due_soon",
            description="Reminds the organisation that must act that a case deadline is near.",
            subject="Due soon: ((deadline_title)) (case ((case_reference)))",
            body=(
                "This is a reminder that a deadline on a SEND mediation case is due soon.\n\n"
                "Case reference: ((case_reference))\n"
                "What must happen: ((deadline_title))\n"
                "Who must act: ((who_must_act))\n"
                "Due by: ((due_date))\n\n"
                "Sign in to SEND Resolve to see the case: ((case_link))"
            ),
            letter=False,
        ),
        MessageTemplate(
            id="deadline_overdue",
            description="Tells the organisation that must act that a case deadline has passed.",
            subject="Overdue: ((deadline_title)) (case ((case_reference)))",
            body=(
                "A deadline on a SEND mediation case has passed and is not recorded as done.\n\n"
                "Case reference: ((case_reference))\n"
                "What must happen: ((deadline_title))\n"
                "Who must act: ((who_must_act))\n"
                "It was due by: ((due_date))\n\n"
                "If it has been done, record it on the case. Sign in to SEND Resolve to see "
                "the case: ((case_link))"
            ),
            letter=False,
        ),
        MessageTemplate(
            id="appeal_deadline_due_soon",
            description="Reminds the family that the last day to appeal to the tribunal is near.",
            subject="Reminder: the last day to appeal is ((appeal_deadline))",
            body=(
                "Dear ((name)),\n\n"
                "If you want to appeal to the First-tier Tribunal (Special Educational Needs "
                "and Disability), you must appeal by ((appeal_deadline)).\n\n"
                "If you have already appealed, or do not want to, you do not need to do "
                "anything.\n\n"
                "Case reference: ((case_reference))\n\n"
                "((provider_name))"
            ),
            sms_body=(
                "Reminder: to appeal to the SEND tribunal you must appeal by "
                "((appeal_deadline)). Case ((case_reference))."
            ),
        ),
        MessageTemplate(
            id="family_contact_changed",
            description="Tells the case's adviser (or the provider) that the family changed "
            "their contact details on their status page.",
            subject="Case ((case_reference)): the family changed their contact details",
            body=(
                "Dear ((name)),\n\n"
                "The family on case ((case_reference)) changed their contact details on their "
                "status page. The case's timeline shows what changed.\n\n"
                "Sign in to SEND Resolve to see the case."
            ),
            letter=False,
        ),
        MessageTemplate(
            id="contact_details_changed",
            description="Tells the family's old email address that the contact details on "
            "their case were changed, in case it was not them.",
            subject="The contact details for case ((case_reference)) were changed",
            body=(
                "Dear ((name)),\n\n"
                "The contact details for your case ((case_reference)) were changed on its "
                "status page. We will use the new details from now on.\n\n"
                "If you did not change them, call ((provider_name)) on ((provider_phone)) "
                "straight away and quote your case reference."
            ),
            sms_body=(
                "The contact details for your SEND case ((case_reference)) were changed. If it "
                "was not you, call ((provider_name)) on ((provider_phone))."
            ),
        ),
        # Documents sent to the family by their chosen channel (issue 21,
        # ``notifications.sending``): the status page holds the files, so email and text
        # messages link to it and carry nothing about the child; a letter encloses the document.
        MessageTemplate(
            id="document_ready",
            description="Tells the family that a document (their mediation agreement or the "
            "issues still in dispute) is ready on their case page.",
            subject="Your ((document)) is ready (case ((case_reference)))",
            body=(
                "Dear ((name)),\n\n"
                "Your ((document)), number ((document_number)), is ready. You can read and "
                "download it on your case page:\n\n"
                "((status_link))\n\n"
                "This link works for ((link_days)) days. After that, ask for a new link to your "
                "case at ((new_link)).\n\n"
                "Case reference: ((case_reference))\n\n"
                "((provider_name))"
            ),
            sms_body=(
                "Your ((document)), number ((document_number)), is ready. See it at "
                "((status_link)) Case ((case_reference))."
            ),
            letter=False,
        ),
        MessageTemplate(
            id="document_posted",
            description="The covering letter for a document posted to the family, enclosed "
            "after it.",
            subject="Your ((document)) ((document_number))",
            body=(
                "Dear ((name)),\n\n"
                "We enclose your ((document)), number ((document_number)).\n\n"
                "((next_steps))\n\n"
                "If you have any questions, call us on ((provider_phone)) and quote your case "
                "reference, ((case_reference)).\n\n"
                "((provider_name))"
            ),
            email=False,
        ),
        MessageTemplate(
            id="document_sent_mediator",
            description="Tells the mediator on the case that a document went to the family.",
            subject="Case ((case_reference)): ((document)) ((document_number)) sent to the family",
            body=(
                "Dear ((name)),\n\n"
                "The ((document)) ((document_number)) on case ((case_reference)) has been sent "
                "to the family by ((channel)).\n\n"
                "Sign in to SEND Resolve to see the case: ((case_link))"
            ),
            letter=False,
        ),
        # Meeting reminders (issue 22, ``reminders.meetings``): 2 working days and 1 day before
        # an arranged meeting, to everyone taking part. By email or text only (a letter would
        # arrive too late); no child's name, nothing about the issues.
        MessageTemplate(
            id="meeting_reminder",
            description="Reminds the family of their mediation meeting's date, time and place.",
            subject="Reminder: your mediation meeting on ((session_date))",
            body=(
                "Dear ((name)),\n\n"
                "This is a reminder of your mediation meeting.\n\n"
                "Date: ((session_date))\n"
                "Time: ((session_time))\n"
                "Where: ((venue))\n\n"
                "If you cannot come, call us on ((provider_phone)) as soon as you can and "
                "quote your case reference, ((case_reference)).\n\n"
                "((provider_name))"
            ),
            sms_body=(
                "Reminder: your mediation meeting is on ((session_date)) at ((session_time)), "
                "((venue)). Case ((case_reference))."
            ),
            letter=False,
        ),
        MessageTemplate(
            id="meeting_reminder_party",
            description="Reminds someone taking part in a mediation meeting (an officer, the "
            "mediator, a supporter) of its date, time and place.",
            subject="Reminder: mediation meeting for case ((case_reference)) on ((session_date))",
            body=(
                "Dear ((name)),\n\n"
                "This is a reminder of the mediation meeting for case ((case_reference)).\n\n"
                "Date: ((session_date))\n"
                "Time: ((session_time))\n"
                "Where: ((venue))\n\n"
                "If you cannot come, call ((provider_name)) on ((provider_phone)) as soon as "
                "you can.\n\n"
                "((provider_name))"
            ),
            sms_body=(
                "Reminder: mediation meeting for case ((case_reference)) on ((session_date)) at "
                "((session_time)), ((venue))."
            ),
            letter=False,
        ),
        # -- Contracts and invoices (issue 23, sendresolve/billing) --------------------------
        MessageTemplate(
            id="billing_volume_alert",
            description="Tells the provider's managers, once a contract year, that a "
            "commission has reached the alert share of its yearly cap of cases.",
            subject="((local_authority)): ((cases)) of ((cap)) cases this contract year",
            body=(
                "Dear ((name)),\n\n"
                "The commission with ((local_authority)) has had ((cases)) cases in the contract "
                "year from ((year_start)) to ((year_end)): ((percent))% of its cap of ((cap)) "
                "cases.\n\n"
                "Talk to the council before the cap is reached. Sign in to SEND Resolve and open "
                "Billing to see the contract."
            ),
            letter=False,
        ),
        # -- Targets and quality (issue 23, sendresolve/quality): the satisfaction survey ------
        MessageTemplate(
            id="survey_family",
            description="Asks the family, after their mediation concluded, to answer a short "
            "anonymous survey (a single-use link).",
            subject="How was your mediation with ((provider_name))?",
            body=(
                "Dear ((name)),\n\n"
                "Your mediation has finished. Please tell us how it went: 4 short questions, "
                "about 2 minutes. Your answers are anonymous: we do not see who gave them.\n\n"
                "((survey_link))\n\n"
                "The link works once, for ((link_days)) days.\n\n"
                "((provider_name))"
            ),
            sms_body=(
                "Your mediation has finished. Tell ((provider_name)) how it went (4 questions, "
                "anonymous): ((survey_link))"
            ),
            letter=False,
        ),
        MessageTemplate(
            id="survey_local_authority",
            description="Asks the LA officer, after a mediation concluded, to answer a short "
            "anonymous survey about the provider (a single-use link).",
            subject="Case ((case_reference)): how was the mediation with ((provider_name))?",
            body=(
                "Dear ((officer_name)),\n\n"
                "The mediation on case ((case_reference)) has finished. Please tell "
                "((provider_name)) how it went: 4 short questions. Your answers are anonymous "
                "and are counted only in the provider's figures.\n\n"
                "((survey_link))\n\n"
                "The link works once, for ((link_days)) days."
            ),
            letter=False,
        ),
        # Staff invitations (issue 23, tenancy.invites): the link is single-use and expires.
        MessageTemplate(
            id="staff_invite",
            description="Invites someone to join a provider's staff on SEND Resolve.",
            subject="You are invited to join ((provider_name)) on SEND Resolve",
            body=(
                "((inviter_name)) has invited you to join ((provider_name)) on SEND Resolve "
                "as ((roles)).\n\n"
                "To accept, open this link, choose a password and set up an authenticator app "
                "on your phone:\n\n((invite_link))\n\n"
                "The link works once and expires on ((expires_on)). If it has expired, ask "
                "((inviter_name)) to invite you again. If you were not expecting this email, "
                "you can ignore it."
            ),
            letter=False,
        ),
    ]
}


def template_get(template_id: str) -> MessageTemplate | None:
    """Return the template with ``template_id``, or None if there is none."""
    return TEMPLATES.get(template_id)
