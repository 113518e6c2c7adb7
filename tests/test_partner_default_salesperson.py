"""Salesperson by default (issue 21; OpenFire: "par défaut le vendeur va être
l'utilisateur qui a créé et renseigné la fiche client").

A top-level contact created by an internal salesperson gets that salesperson when
none is given, in the form, over XML-RPC and in imports; persons and addresses
under a company get the company's salesperson (Odoo's own rule, checked on the
same paths); the company setting turns it off; the superuser, portal sign-up and
the mail gateway leave it empty.
"""

from odoo import SUPERUSER_ID, http
from odoo.tests import Form, HttpCase, get_db_name, new_test_user, tagged

from .common import ContactsCase

SALESMAN_GROUPS = "sales_team.group_sale_salesman,base.group_partner_manager"

RAW_EMAIL = """From: Lucie Fromagère <lucie@fromagerie-gateway.example.com>
To: contacts@example.com
Subject: Fromagerie Gateway
Message-ID: <crm-ext-default-salesperson@fromagerie-gateway.example.com>
Date: Mon, 30 Nov 2026 10:00:00 +0000
Content-Type: text/plain; charset=utf-8

Bonjour, nous voudrions devenir clients.
"""


@tagged("standard", "post_install", "-at_install")
class TestPartnerDefaultSalesperson(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_salesman = new_test_user(
            cls.env,
            login="crm_ext_dsp_other",
            name="Omar Autre",
            groups=SALESMAN_GROUPS,
        )
        cls.followed = cls.env["res.partner"].create(
            {
                "name": "Confiserie Suivie",
                "is_company": True,
                "user_id": cls.other_salesman.id,
            }
        )

    def _form(self, user):
        return Form(self.env["res.partner"].with_user(user))

    # The default: the salesperson creating a top-level contact ---------------

    def test_form_company_by_salesperson_gets_the_salesperson(self):
        with self._form(self.salesman) as form:
            form.company_type = "company"
            form.name = "Biscuiterie Nouvelle"
            self.assertEqual(form.user_id, self.salesman, "shown before saving")
        self.assertEqual(form.record.user_id, self.salesman)

    def test_form_person_without_company_gets_the_salesperson(self):
        with self._form(self.salesman) as form:
            form.name = "Rose Particulière"
        self.assertEqual(form.record.user_id, self.salesman)

    def test_import_by_salesperson(self):
        result = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .load(
                ["name", "is_company"], [["Import Chocolat", "1"], ["Ivan Seul", "0"]]
            )
        )
        self.assertFalse(result["messages"])
        partners = self.env["res.partner"].browse(result["ids"])
        self.assertEqual(partners.user_id, self.salesman)
        self.assertEqual(len(partners), 2)

    def test_existing_contact_untouched(self):
        loose = self.env["res.partner"].create({"name": "Ancien Sans Vendeur"})
        self.assertFalse(loose.user_id)
        loose.with_user(self.salesman).write({"name": "Ancien Renommé"})
        self.assertFalse(loose.user_id, "only new contacts get a default")

    # Persons and addresses under a company: the company's ------------------

    def test_form_person_under_company_gets_the_companys(self):
        with self._form(self.salesman) as form:
            form.name = "Paul Employé"
            form.parent_id = self.followed
            self.assertEqual(form.user_id, self.other_salesman)
        self.assertEqual(form.record.user_id, self.other_salesman)

    def test_form_address_added_on_the_company_card_gets_the_companys(self):
        with (
            Form(self.followed.with_user(self.salesman)) as form,
            form.child_ids.new() as child,
        ):
            child.type = "delivery"
            child.name = "Entrepôt Suivi"
        address = self.followed.child_ids.filtered(lambda p: p.type == "delivery")
        self.assertEqual(address.user_id, self.other_salesman)

    def test_import_person_under_company_gets_the_companys(self):
        followed = self.env["res.partner"].create(
            {"name": "Confiserie Importée", "is_company": True}
        )
        followed.user_id = self.other_salesman
        result = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .load(
                ["name", "parent_id/.id"],
                [["Ida Importée", str(followed.id)]],
            )
        )
        self.assertFalse(result["messages"])
        person = self.env["res.partner"].browse(result["ids"])
        self.assertEqual(person.user_id, self.other_salesman)

    def test_person_under_company_without_salesperson_gets_none(self):
        bare = self.env["res.partner"].create(
            {"name": "Sans Vendeur", "is_company": True}
        )
        with self._form(self.salesman) as form:
            form.name = "Noé Employé"
            form.parent_id = bare
        self.assertFalse(form.record.user_id, "the company's (none), not the creator")

    # Overrides ---------------------------------------------------------------

    def test_given_salesperson_is_kept(self):
        with self._form(self.salesman) as form:
            form.name = "Choix Explicite"
            form.company_type = "company"
            form.user_id = self.other_salesman
        self.assertEqual(form.record.user_id, self.other_salesman)

    def test_setting_off_gives_none(self):
        self.env.company.partner_default_salesperson = False
        with self._form(self.salesman) as form:
            form.name = "Réglage Coupé"
            form.company_type = "company"
            self.assertFalse(form.user_id)
        self.assertFalse(form.record.user_id)

    def test_setting_in_the_sales_settings(self):
        self.assertTrue(self.env.company.partner_default_salesperson, "default on")
        settings = Form(self.env["res.config.settings"])
        settings.partner_default_salesperson = False
        settings.save().execute()
        self.assertFalse(self.env.company.partner_default_salesperson)

    # Nobody in particular: none ---------------------------------------------

    def test_accountant_is_no_salesperson(self):
        with self._form(self.accountant) as form:
            form.name = "Créé par la Compta"
            form.company_type = "company"
        self.assertFalse(form.record.user_id)

    def test_superuser_gives_none(self):
        partner = (
            self.env["res.partner"]
            .with_user(SUPERUSER_ID)
            .create({"name": "Créé par OdooBot", "is_company": True})
        )
        self.assertFalse(partner.user_id)

    def test_mail_gateway_gives_none(self):
        # A salesperson runs the gateway (e.g. the mailgate script's user): the
        # contact made from the email is nobody's choice.
        self.env["mail.thread"].with_user(self.salesman).message_process(
            "res.partner", RAW_EMAIL
        )
        partner = self.env["res.partner"].search([("name", "=", "Fromagerie Gateway")])
        self.assertEqual(len(partner), 1)
        self.assertFalse(partner.user_id)


@tagged("standard", "post_install", "-at_install")
class TestPartnerDefaultSalespersonHttp(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="crm_ext_dsp_rpc", groups=SALESMAN_GROUPS
        )
        cls.other_salesman = new_test_user(
            cls.env, login="crm_ext_dsp_rpc_other", groups=SALESMAN_GROUPS
        )
        cls.followed = cls.env["res.partner"].create(
            {
                "name": "Pâtisserie RPC",
                "is_company": True,
                "user_id": cls.other_salesman.id,
            }
        )

    def _rpc(self, method, *args):
        login = self.salesman.login
        return self.xmlrpc_object.execute_kw(
            get_db_name(), self.salesman.id, login, "res.partner", method, list(args)
        )

    def test_xmlrpc_create_by_salesperson(self):
        ids = self._rpc(
            "create",
            [
                {"name": "Glacier RPC", "is_company": True},
                {"name": "Jules Sans Société"},
                {"name": "Lina Employée", "parent_id": self.followed.id},
                {"name": "Vendeur Vide", "is_company": True, "user_id": False},
            ],
        )
        company, person, employee, empty = self.env["res.partner"].browse(ids)
        self.assertEqual(company.user_id, self.salesman)
        self.assertEqual(person.user_id, self.salesman)
        self.assertEqual(employee.user_id, self.other_salesman, "the company's")
        self.assertFalse(empty.user_id, "an explicit empty value is kept")

    def test_portal_signup_gives_none(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "auth_signup.invitation_scope", "b2c"
        )
        self.authenticate(None, None)
        response = self.url_open(
            "/web/signup",
            data={
                "login": "lucie.signup@example.com",
                "name": "Lucie Inscrite",
                "password": "lucie-signup-pw",
                "confirm_password": "lucie-signup-pw",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        user = self.env["res.users"].search(
            [("login", "=", "lucie.signup@example.com")]
        )
        self.assertTrue(user, "signed up")
        self.assertFalse(user.partner_id.user_id)
