# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The GDPR rights of access (export) and erasure (Anonymise)."""

import json

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

#: the personal fields an erasure empties (the name becomes "Anonymised contact #id")
ANONYMISED_FIELDS = (
    "email",
    "phone",
    "mobile",
    "fax",
    "street",
    "street2",
    "city",
    "zip",
    "website",
    "function",
    "title",
    "vat",
    "ref",
    "comment",
    "state_id",
    "country_id",
    "image_1920",
    "partner_latitude",
    "partner_longitude",
)


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def action_export_personal_data(self):
        """Right of access (GDPR art. 15): the contact's data as a JSON file."""
        self.ensure_one()
        self._check_personal_data_group()
        data = self._personal_data_export()
        # Not attached to the contact: only its creator (and admins) may read it.
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"personal_data_{self.id}.json",
                "mimetype": "application/json",
                "raw": json.dumps(data, indent=2, ensure_ascii=False).encode(),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    def action_anonymise(self):
        """Right to erasure (GDPR art. 17) without breaking the accounting.

        Posted invoices print the partner's current name and address, so their
        PDF is generated and stored first (Odoo then serves the stored legal
        document); totals are not touched. The consent history stays (it shows
        the processing was lawful) and a withdrawal is recorded.
        """
        self._check_personal_data_group()
        for partner in self:
            partner._anonymise_store_invoice_pdfs()
            if partner.consent_state != "withdrawn":
                self.env["res.partner.consent"].sudo().create(
                    {
                        "partner_id": partner.id,
                        "state": "withdrawn",
                        "channel": "form",
                        "proof": self.env._("Erasure of personal data requested."),
                        "user_id": self.env.user.id,
                    }
                )
            vals = {
                fname: False for fname in ANONYMISED_FIELDS if fname in self._fields
            }
            vals.update(
                name=self.env._("Anonymised contact #%(id)s", id=partner.id),
                include_in_mailing=False,
                category_id=[Command.clear()],
                active=False,
            )
            emails = partner.email_normalized
            partner.with_context(consent_channel="form").sudo().write(vals)
            partner.sudo().message_ids.unlink()
            if emails:
                # the mailing-list copies of the contact go too; the blacklist
                # entry stays so that the address is never mailed again
                self.env["mailing.contact"].sudo().search(
                    [("email_normalized", "=", emails)]
                ).unlink()
        return True

    def _check_personal_data_group(self):
        if not self.env.user.has_group("crm_contacts_ext.group_personal_data"):
            raise UserError(
                self.env._(
                    "Only users of the 'Personal data' group can export or "
                    "anonymise a contact's personal data."
                )
            )

    def _anonymise_store_invoice_pdfs(self):
        """Keep the printed identity of posted invoices as their legal PDF."""
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    # the contact itself, and its children whose address it syncs
                    ("partner_id", "child_of", self.ids),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                ]
            )
            .filtered(lambda m: not m.invoice_pdf_report_id)
        )
        if not moves:
            return
        Send = self.env["account.move.send"].sudo()
        invoices_data = {
            move: {"pdf_report": Send._get_default_pdf_report_id(move)}
            for move in moves
        }
        for company in moves.company_id:
            Send._prepare_invoice_pdf_report(
                {m: d for m, d in invoices_data.items() if m.company_id == company}
            )
        Send._link_invoice_documents(invoices_data)

    def _personal_data_export(self):
        self.ensure_one()
        field_names = [
            "name",
            "email",
            "phone",
            "mobile",
            "fax",
            "street",
            "street2",
            "zip",
            "city",
            "function",
            "website",
            "lang",
            "comment",
            "include_in_mailing",
            "allow_communication",
            "consent_state",
            "consent_date",
        ]
        partner = self.sudo()
        data = {
            "fields": {
                fname: partner._export_value(fname)
                for fname in field_names
                if fname in partner._fields
            }
        }
        data["fields"]["parent"] = partner.parent_id.display_name or None
        data["fields"]["state"] = partner.state_id.name or None
        data["fields"]["country"] = partner.country_id.name or None
        data["consents"] = [
            {
                "date": fields.Datetime.to_string(c.date),
                "state": c.state,
                "legal_basis": c.legal_basis or None,
                "channel": c.channel,
                "proof": c.proof or None,
                "recorded_by": c.user_id.name,
            }
            for c in partner.consent_ids.sorted(lambda c: (c.date, c.id))
        ]
        if "res.partner.note" in self.env:
            notes = (
                self.env["res.partner.note"]
                .sudo()
                .search([("partner_id", "=", partner.id)])
            )
            data["notes"] = notes.read(
                [
                    f
                    for f in ("create_date", "name", "body", "note")
                    if f in notes._fields
                ]
            )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])
        )
        data["activities"] = [
            {
                "type": a.activity_type_id.name,
                "summary": a.summary or None,
                "deadline": fields.Date.to_string(a.date_deadline),
                "note": a.note and str(a.note) or None,
            }
            for a in activities
        ]
        events = (
            self.env["calendar.event"]
            .sudo()
            .search([("partner_ids", "in", partner.id)])
        )
        data["meetings"] = [
            {"name": e.name, "start": fields.Datetime.to_string(e.start)}
            for e in events
        ]
        return json.loads(json.dumps(data, default=str))

    def _export_value(self, fname):
        value = self[fname]
        field = self._fields[fname]
        if field.type == "datetime":
            return fields.Datetime.to_string(value) if value else None
        if field.type in ("char", "text", "html", "selection"):
            return value and str(value) or None
        return value
