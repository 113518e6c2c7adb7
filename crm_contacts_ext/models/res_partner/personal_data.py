# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The GDPR rights of access (export) and erasure (Anonymise)."""

import json

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools.mail import email_normalize

from ..input_check import addon_fields

#: Odoo's personal fields an erasure empties (the name becomes "Anonymised contact
#: #id"); every field this addon adds to contacts is emptied too, except
#: ERASURE_KEPT_FIELDS (see _personal_fields)
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
#: fields of the addon an erasure keeps: the consent history proves the processing
#: was lawful (GDPR art. 7(1), a documented exception), the address type and the
#: commercial status say what the record is, the company's role lines belong to
#: its other contacts
ERASURE_KEPT_FIELDS = frozenset(
    {
        "type",
        "consent_ids",
        "contact_status",
        "contact_status_forced",
        "company_role_line_ids",
    }
)
#: what an opportunity copies from its contact (crm.lead's partner computes)
LEAD_PERSONAL_FIELDS = (
    "contact_name",
    "email_from",
    "phone",
    "mobile",
    "function",
    "title",
    "street",
    "street2",
    "city",
    "zip",
    "state_id",
    "country_id",
    "website",
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

        Empties what *Export personal data* returns: Odoo's personal fields and
        every field the addon adds to the contact (:meth:`_personal_fields`),
        its notes, its activities (done ones too), its place among meeting
        attendees, its messages, and what its opportunities copied from it; its
        address is removed from the messages it wrote on other documents.
        Documented exceptions: posted invoices, whose PDF is generated and stored
        first (Odoo then serves the stored legal document; totals untouched), and
        the consent history (it shows the processing was lawful), where a
        withdrawal is recorded.

        :return: True
        :raise UserError: the user is not in the "Personal data" group
        """
        self._check_personal_data_group()
        personal_fields = self._personal_fields()
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
                fname: [Command.clear()]
                if self._fields[fname].type in ("one2many", "many2many")
                else False
                for fname in personal_fields
            }
            vals.update(
                name=self.env._("Anonymised contact #%(id)s", id=partner.id),
                include_in_mailing=False,
                category_id=[Command.clear()],
                active=False,
            )
            emails = {
                e
                for e in (partner.email_normalized, email_normalize(partner.email2))
                if e
            }
            partner._anonymise_related_records(emails)
            partner.with_context(consent_channel="form").sudo().write(vals)
            partner.sudo().message_ids.unlink()
            if emails:
                # the mailing-list copies of the contact go too; the blacklist
                # entry stays so that the address is never mailed again
                self.env["mailing.contact"].sudo().search(
                    [("email_normalized", "in", list(emails))]
                ).unlink()
        return True

    def _personal_fields(self):
        """The contact's fields an erasure empties: Odoo's personal ones and every
        field this addon defines or extends on contacts (a new one is erased
        unless listed in ERASURE_KEPT_FIELDS), computed ones aside."""
        return {fname for fname in ANONYMISED_FIELDS if fname in self._fields} | {
            fname
            for fname in addon_fields(self)
            if fname not in ERASURE_KEPT_FIELDS
            and not (self._fields[fname].compute and self._fields[fname].readonly)
        }

    def _anonymise_related_records(self, emails):
        """Erase the copies of the contact kept on other records (as superuser:
        the erasure is the data controller's, whoever owns these records)."""
        self.ensure_one()
        env = self.sudo().with_context(active_test=False).env
        env["mail.activity"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)]
        ).unlink()
        events = env["calendar.event"].search([("partner_ids", "in", self.id)])
        events.write({"partner_ids": [Command.unlink(self.id)]})
        # messages it wrote on other documents: its address goes (the author, now
        # anonymised, stays as the writer)
        domain = [("author_id", "=", self.id)]
        for email in emails:
            domain = ["|", ("email_from", "ilike", email)] + domain
        env["mail.message"].search(domain).write({"email_from": False})
        if "crm.lead" in env:
            Lead = env["crm.lead"]
            leads = Lead.search([("partner_id", "=", self.id)])
            if emails:
                leads |= Lead.search([("email_normalized", "in", list(emails))])
            leads.write(
                {
                    fname: False
                    for fname in LEAD_PERSONAL_FIELDS
                    if fname in Lead._fields
                }
            )

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
        """What the contact's JSON file holds: its fields (Odoo's and all those
        the addon adds, see :meth:`_personal_fields`), consents, notes, activities
        (done ones too) and meetings."""
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
        field_names += sorted(
            fname
            for fname in self._personal_fields() - set(field_names)
            if self._fields[fname].type not in ("one2many", "many2many", "binary")
        )
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
            .with_context(active_test=False)
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
        if field.type == "date":
            return fields.Date.to_string(value) if value else None
        if field.type == "many2one":
            return value.display_name or None
        return value
