# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Double opt-in pages: the link of a consent confirmation email, the withdrawal
link, and the portal page where a signed-in contact withdraws.

Every answer is a plain page in the contact's language: a used, expired or
forged link says so, never an error page.
"""

from odoo import http
from odoo.http import request


class ConsentController(http.Controller):
    def _consent_page(self, title, message, partner=None, withdraw_url=None):
        lang = partner and partner.lang
        if lang and lang in dict(request.env["res.lang"].get_installed()):
            request.update_context(lang=lang)
        return request.render(
            "crm_contacts_ext.consent_page",
            {
                "title": title,
                "message": message,
                "withdraw_url": withdraw_url,
                "company": partner.company_id if partner else request.env.company,
            },
        )

    def _consent_use(self, token, kind):
        Request = request.env["res.partner.consent.request"].sudo()
        consent_request = Request._from_token(token, kind)
        if not consent_request:
            return self._consent_page(
                request.env._("Invalid link"),
                request.env._(
                    "This link is not valid. Please use the link of the email you "
                    "received, as it was sent."
                ),
            )
        partner = consent_request.partner_id
        outcome = consent_request._use(request.httprequest.remote_addr)
        env = request.env(context=dict(request.env.context, lang=partner.lang))
        if outcome == "used":
            return self._consent_page(
                env._("Link already used"),
                env._(
                    "This link was already used: your answer is recorded. Thank you."
                ),
                partner,
            )
        if outcome == "expired":
            return self._consent_page(
                env._("Link expired"),
                env._(
                    "This link has expired. If you still want to receive our "
                    "emails, ask us for a new one."
                ),
                partner,
            )
        if kind == "confirm":
            withdraw = Request._create_for(partner, "withdraw")
            return self._consent_page(
                env._("Thank you"),
                env._(
                    "Thank you, %(name)s: your consent is recorded. You can withdraw "
                    "it at any time.",
                    name=partner.name,
                ),
                partner,
                withdraw_url=withdraw._url(),
            )
        return self._consent_page(
            env._("Consent withdrawn"),
            env._(
                "%(name)s, your withdrawal is recorded: you will no longer receive "
                "our mass mailings.",
                name=partner.name,
            ),
            partner,
        )

    @http.route(
        "/consent/confirm/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def consent_confirm(self, token, **kwargs):
        return self._consent_use(token, "confirm")

    @http.route(
        "/consent/withdraw/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def consent_withdraw(self, token, **kwargs):
        return self._consent_use(token, "withdraw")

    @http.route("/my/consent", type="http", auth="user", methods=["GET"], sitemap=False)
    def portal_consent(self, **kwargs):
        """The signed-in contact's marketing basis, and a button to withdraw."""
        partner = request.env.user.partner_id
        return request.render(
            "crm_contacts_ext.portal_consent_page",
            {"partner": partner.sudo(), "page_name": "consent"},
        )

    @http.route(
        "/my/consent/withdraw",
        type="http",
        auth="user",
        methods=["POST"],
        sitemap=False,
    )
    def portal_consent_withdraw(self, **kwargs):
        """Withdraw as by the emailed link: one event, with its proof."""
        partner = request.env.user.partner_id.sudo()
        if not partner.email_normalized:
            return self._consent_page(
                request.env._("Consent withdrawn"),
                request.env._("Without an email address you receive no mailing."),
                partner,
            )
        withdraw = request.env["res.partner.consent.request"].sudo()
        withdraw = withdraw._create_for(partner, "withdraw")
        return self._consent_use(withdraw._token(), "withdraw")
