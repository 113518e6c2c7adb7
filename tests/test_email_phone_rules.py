"""The card's other email and phone numbers follow Odoo's own rule for their kind
(issue 17 #4): an address Odoo's email takes is a valid second email, and the
other numbers are formatted as Odoo formats ``phone`` (issue 18 #3: with the
``phonenumbers`` library of the pinned requirements, in the contact's country's
international format)."""

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools.mail import email_normalize

from .common import ContactsCase

# Addresses Odoo's own email field takes (email_normalize finds one address).
ODOO_VALID_EMAILS = (
    "o'brien@example.com",
    "josé@example.com",
    "info@café.example",
    "info@example.xn--p1ai",
    "Jeanne Achat <jeanne.achat@example.com>",
)
INVALID_EMAILS = (
    "pas-un-courriel",
    "jeanne@@example",
    "jeanne at example.com",
    "jeanne@example.com, paul@example.com",
)


@tagged("standard", "post_install", "-at_install")
class TestSecondEmailRule(ContactsCase):
    def test_the_rule_is_odoos(self):
        # what Odoo itself takes for an address, and how it stores the contact's
        for email in ODOO_VALID_EMAILS:
            self.assertTrue(email_normalize(email), email)
            partner = self.env["res.partner"].create({"name": "R", "email": email})
            self.assertTrue(partner.email_normalized, email)

    @users("crm_ext_salesman")
    def test_addresses_odoo_accepts_are_accepted_in_the_form(self):
        for email in ODOO_VALID_EMAILS:
            with self.subTest(email=email):
                form = Form(self.env["res.partner"])
                form.name = f"Client {email}"
                form.email = email
                form.email2 = email
                partner = form.save()
                self.assertEqual(partner.email2, email)

    @users("crm_ext_accountant")
    def test_addresses_odoo_accepts_are_accepted_over_rpc(self):
        contact = self.contact.with_env(self.env)
        for email in ODOO_VALID_EMAILS:
            with self.subTest(email=email):
                contact.write({"email2": email})
                self.assertEqual(contact.email2, email)
        created = self.env["res.partner"].create(
            [
                {"name": f"Import {i}", "email2": e}
                for i, e in enumerate(ODOO_VALID_EMAILS)
            ]
        )
        self.assertEqual(created.mapped("email2"), list(ODOO_VALID_EMAILS))

    @users("crm_ext_salesman")
    def test_what_is_no_address_is_refused_before_writing(self):
        Partner = self.env["res.partner"]
        for email in INVALID_EMAILS:
            with self.subTest(email=email):
                with self.assertRaisesRegex(ValidationError, "second email"):
                    Partner.create({"name": "Refusé", "email2": email})
                self.assertFalse(Partner.search([("name", "=", "Refusé")]))
                contact = self.contact.with_env(self.env)
                with self.assertRaisesRegex(ValidationError, "Jeanne Achat"):
                    contact.write({"email2": email, "function": "Acheteuse"})
                self.assertFalse(contact.email2)


@tagged("standard", "post_install", "-at_install")
class TestOtherPhonesFormat(ContactsCase):
    """phone2, pager, toll-free and fax come out of the form exactly as Odoo's
    phone_validation formats ``phone`` for the same number and country (with
    or without the phonenumbers library)."""

    NUMBERS = ("418 555-0101", "4185550101", "+33 4 78 00 00 00", "1-800-222-2222")

    @users("crm_ext_salesman")
    def test_other_numbers_formatted_as_odoo_formats_phone(self):
        for country in (self.env.ref("base.ca"), self.env.ref("base.fr")):
            for number in self.NUMBERS:
                with self.subTest(country=country.code, number=number):
                    form = Form(self.env["res.partner"])
                    form.name = "Numéros"
                    form.country_id = country
                    form.phone = number
                    form.phone2 = number
                    form.pager = number
                    form.toll_free = number
                    form.fax = number
                    partner = form.save()
                    self.assertEqual(
                        (partner.phone2, partner.pager, partner.toll_free, partner.fax),
                        (partner.phone,) * 4,
                    )

    @users("crm_ext_salesman")
    def test_numbers_typed_for_a_canadian_contact_are_stored_formatted(self):
        form = Form(self.env["res.partner"])
        form.name = "Client de Québec"
        form.country_id = self.env.ref("base.ca")
        form.phone = "4182222222"
        form.phone2 = "4182222222"
        form.pager = "418 222 2223"
        form.toll_free = "1-800-555-1234"
        form.fax = "(418) 222-2221"
        partner = form.save()
        self.assertEqual(partner.phone, "+1 418-222-2222")
        self.assertEqual(
            (partner.phone2, partner.pager, partner.toll_free, partner.fax),
            (
                "+1 418-222-2222",
                "+1 418-222-2223",
                "+1 800-555-1234",
                "+1 418-222-2221",
            ),
        )

    @users("crm_ext_salesman")
    def test_numbers_follow_the_contacts_country(self):
        # typed before the country: the company's country (US) cannot read a French
        # number, so it stays as typed until the contact is French, as Odoo's phone
        form = Form(self.env["res.partner"])
        form.name = "Client de Lyon"
        form.phone = "0478000000"
        form.fax = "0478000001"
        self.assertEqual((form.phone, form.fax), ("0478000000", "0478000001"))
        form.country_id = self.env.ref("base.fr")
        partner = form.save()
        self.assertEqual(
            (partner.phone, partner.fax), ("+33 4 78 00 00 00", "+33 4 78 00 00 01")
        )

    @users("crm_ext_salesman")
    def test_what_is_no_number_stays_as_typed(self):
        form = Form(self.env["res.partner"])
        form.name = "Bip"
        form.country_id = self.env.ref("base.ca")
        form.phone = "Bip 77"
        form.pager = "Bip 77"
        partner = form.save()
        self.assertEqual((partner.phone, partner.pager), ("Bip 77", "Bip 77"))

    @users("crm_ext_salesman")
    def test_rpc_and_import_store_numbers_as_sent_like_odoos_phone(self):
        # Odoo formats phone in the form only (an onchange): over RPC and in
        # imports it keeps what was sent, and so do the card's other numbers.
        canada = self.env.ref("base.ca")
        Partner = self.env["res.partner"]
        sent = {"phone": "4182222222", "phone2": "4182222222", "fax": "4182222221"}
        created = Partner.create({"name": "Par RPC", "country_id": canada.id, **sent})
        self.assertEqual(
            (created.phone, created.phone2, created.fax),
            ("4182222222", "4182222222", "4182222221"),
        )
        created.write({"phone": "4183333333", "phone2": "4183333333"})
        self.assertEqual((created.phone, created.phone2), ("4183333333",) * 2)
        result = Partner.load(
            ["name", "country_id/id", "phone", "phone2", "toll_free"],
            [["Par import", "base.ca", "4182222222", "4182222222", "8005551234"]],
        )
        self.assertFalse(result["messages"])
        imported = Partner.browse(result["ids"])
        self.assertEqual(
            (imported.phone, imported.phone2, imported.toll_free),
            ("4182222222", "4182222222", "8005551234"),
        )
