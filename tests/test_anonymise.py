"""Anonymise erases everything Export personal data returns (issue 17 #3), except
the documented legal exceptions: posted invoices and the consent history."""

import json

from odoo.tests import new_test_user, tagged

from .common import ContactsCase

# What the person typed or was told, to be found nowhere after the erasure.
TRACES = (
    "Gaston",
    "Lagaffe",
    "gaston@example.com",
    "gaston.perso@example.com",
    "418 555-0101",
    "418 555-0199",
    "Poste 42",
    "Bip 77",
    "1 800 555-0000",
    "Service des gaffes",
    "1957-02-28",
    "rue des Gaffes",
    "Mouette rieuse",
    "Rappeler Gaston pour le gaffophone",
    "Acheter des timbres",
)


@tagged("standard", "post_install", "-at_install")
class TestAnonymise(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dpo = new_test_user(
            cls.env,
            login="crm_ext_dpo_anon",
            name="Delphine Protection",
            groups="sales_team.group_sale_manager,base.group_partner_manager,"
            "crm_contacts_ext.group_personal_data",
        )
        cls.person = cls.env["res.partner"].create(
            {
                "name": "Gaston Lagaffe",
                "email": "gaston@example.com",
                "phone": "418 555-0101",
                "phone_ext": "Poste 42",
                "phone2": "418 555-0199",
                "email2": "gaston.perso@example.com",
                "pager": "Bip 77",
                "toll_free": "1 800 555-0000",
                "department": "Service des gaffes",
                "birthdate": "1957-02-28",
                "street": "12 rue des Gaffes",
                "city": "Bruxelles",
                "partner_latitude": 50.85,
                "partner_longitude": 4.35,
            }
        )
        cls.env["res.partner.consent"].create(
            {
                "partner_id": cls.person.id,
                "state": "granted",
                "legal_basis": "consent",
                "channel": "phone",
                "proof": "Oui au téléphone",
            }
        )
        cls.env["res.partner.note"].create(
            {
                "partner_id": cls.person.id,
                "name": "Appel",
                "body": "<p>Mouette rieuse au bureau</p>",
            }
        )
        todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.person.activity_schedule(
            activity_type_id=todo.id, summary="Rappeler Gaston pour le gaffophone"
        )
        done = cls.person.activity_schedule(
            activity_type_id=todo.id, summary="Acheter des timbres"
        )
        done.action_feedback(feedback="Fait")
        # an opportunity copies the contact's name, email and phone
        cls.lead = cls.env["crm.lead"].create(
            {"name": "Gaffophone", "partner_id": cls.person.id, "type": "opportunity"}
        )
        # a message the person wrote on another document
        cls.message = cls.customer.message_post(
            body="Bonjour",
            author_id=cls.person.id,
            email_from='"Gaston Lagaffe" <gaston@example.com>',
            message_type="email",
        )

    def _export(self, partner):
        action = partner.with_user(self.dpo).action_export_personal_data()
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        return json.loads(self.env["ir.attachment"].browse(attachment_id).raw)

    def test_export_after_erasure_returns_nothing_personal(self):
        before = json.dumps(self._export(self.person), ensure_ascii=False)
        for trace in TRACES:
            self.assertIn(trace, before)

        self.person.with_user(self.dpo).action_anonymise()

        data = self._export(self.person.with_context(active_test=False))
        self.assertEqual(data["notes"], [])
        self.assertEqual(data["activities"], [])
        # the consent history is the documented exception, plus the erasure
        self.assertEqual(
            [(c["state"], c["proof"]) for c in data["consents"]],
            [
                ("granted", "Oui au téléphone"),
                ("withdrawn", data["consents"][1]["proof"]),
            ],
        )
        data.pop("consents")
        after = json.dumps(data, ensure_ascii=False)
        for trace in TRACES:
            self.assertNotIn(trace, after)

    def test_every_personal_field_the_addon_adds_is_erased(self):
        self.person.with_user(self.dpo).action_anonymise()
        person = self.person.with_context(active_test=False)
        # the fields of the report
        self.assertFalse(
            person.email2
            or person.phone2
            or person.phone_ext
            or person.pager
            or person.toll_free
            or person.birthdate
            or person.department
        )
        self.assertFalse(person.birth_month)
        self.assertFalse(person.partner_latitude or person.partner_longitude)
        self.assertFalse(person.note_ids)
        self.assertFalse(
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search([("res_model", "=", "res.partner"), ("res_id", "=", person.id)])
        )
        # the list is derived: every field the addon adds to contacts, but those
        # an erasure keeps on purpose
        erased = person._personal_fields()
        addon = {
            name
            for name, field in person._fields.items()
            if "crm_contacts_ext" in (field._modules or ())
            and field.store
            and not (field.compute and field.readonly)
        }
        self.assertEqual(
            addon - erased,
            {
                "type",
                "consent_ids",
                "contact_status",
                "contact_status_forced",
                "company_role_line_ids",
            },
        )
        for fname in erased:
            self.assertFalse(person[fname], fname)

    def test_copies_on_opportunities_and_messages_are_erased(self):
        lead = self.lead
        self.assertEqual(
            (lead.contact_name, lead.email_from, lead.phone),
            ("Gaston Lagaffe", "gaston@example.com", "418 555-0101"),
        )
        self.person.with_user(self.dpo).action_anonymise()
        lead.invalidate_recordset()
        self.assertFalse(lead.contact_name or lead.email_from or lead.phone)
        self.assertEqual(lead.partner_id, self.person)
        self.assertNotIn("Gaston", lead.partner_id.with_context(active_test=False).name)
        message = self.message.sudo()
        message.invalidate_recordset()
        self.assertFalse(message.email_from)
        self.assertNotIn(
            "Gaston", message.author_id.with_context(active_test=False).name
        )
        # Odoo's own search of the opportunity by the old address finds nothing
        self.assertFalse(
            self.env["crm.lead"].search([("email_from", "ilike", "gaston@example.com")])
        )
