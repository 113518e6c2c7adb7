"""Leads converted into opportunities through Odoo's two wizards (one lead from
its form, many from the list) give their new contacts the campaign, source and
channel of the opportunity and the implied consent of an inquiry, as an
opportunity typed by hand does."""

from odoo.tests import Form, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestLeadConversion(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fair = cls.env["utm.campaign"].create({"name": "Salon du chocolat"})
        cls.booth = cls.env["utm.source"].create({"name": "Kiosque"})
        cls.email = cls.env["utm.medium"].create({"name": "Courriel"})

    def _leads(self, count):
        return self.env["crm.lead"].create(
            [
                {
                    "name": f"Demande de prix {n}",
                    "type": "lead",
                    "user_id": self.salesman.id,
                    "contact_name": f"Julie Tremblay {n}",
                    "partner_name": f"Confiserie Tremblay {n}",
                    "email_from": f"julie.tremblay{n}@example.com",
                    "campaign_id": self.fair.id,
                    "source_id": self.booth.id,
                    "medium_id": self.email.id,
                }
                for n in range(count)
            ]
        )

    def assertConverted(self, leads):
        for lead in leads:
            self.assertEqual(lead.type, "opportunity")
            person = lead.partner_id
            self.assertTrue(person, f"{lead.name} has its new contact")
            for partner in person | person.commercial_partner_id:
                self.assertEqual(
                    (partner.campaign_id, partner.source_id, partner.medium_id),
                    (self.fair, self.booth, self.email),
                    f"campaign, source and channel of {partner.name}",
                )
                self.assertEqual(
                    (partner.marketing_basis, partner.marketing_basis_source),
                    ("implied", "opportunity"),
                    f"marketing basis of {partner.name}",
                )

    def _convert_from_form(self, lead, action, partner=None):
        """The lead's Convert to Opportunity button, as the user fills it in."""
        form = Form(
            self.env["crm.lead2opportunity.partner"].with_context(
                active_model="crm.lead", active_id=lead.id, active_ids=lead.ids
            )
        )
        form.name = "convert"
        form.action = action
        if partner:
            form.partner_id = partner
        form.save().action_apply()

    @users("crm_ext_salesman")
    def test_mass_conversion_gives_each_new_contact_its_opportunity(self):
        leads = self._leads(3)
        wizard = (
            self.env["crm.lead2opportunity.partner.mass"]
            .with_context(active_model="crm.lead", active_ids=leads.ids)
            .create(
                {
                    "name": "convert",
                    "action": "create",
                    "deduplicate": False,
                    "user_ids": [self.salesman.id],
                    "force_assignment": True,
                }
            )
        )
        wizard.action_mass_convert()
        self.assertEqual(len(leads.partner_id), 3)
        self.assertConverted(leads)

    @users("crm_ext_salesman")
    def test_conversion_from_the_lead_form(self):
        lead = self._leads(1)
        self._convert_from_form(lead, "create")
        self.assertConverted(lead)

    @users("crm_ext_salesman")
    def test_conversion_onto_an_existing_contact(self):
        company = self.env["res.partner"].create(
            {"name": "Bonbons Lévis", "is_company": True}
        )
        person = self.env["res.partner"].create(
            {"name": "Marc Lévis", "parent_id": company.id, "email": "marc@example.com"}
        )
        self.assertEqual(person.marketing_basis, "none")
        lead = self._leads(1)
        self._convert_from_form(lead, "exist", person)
        self.assertEqual(lead.partner_id, person)
        self.assertConverted(lead)
