"""Bad input over JSON-RPC (issue 9): every new model, and the fields the addon adds
to Odoo's, is sent wrong types, out-of-range numbers, unknown options, ids that do
not exist or belong to another company, and empty required fields, the way a
script or a broken client would, through /web/dataset/call_kw.

Each case must end in a clear error a user can act on (an Odoo user error naming
the field by its label), never a server error, a Python or PostgreSQL exception
or a log ERROR, and must leave nothing written: no new record, old values kept.

The cases are generated from the models' fields (see ``bad_values``) and run as
the person who would use the model: a salesperson, an accountant, a sales manager,
or an administrator for the contact roles.
"""

import json
import logging

from odoo.tests import HttpCase, new_test_user, tagged

CLEAR_ERRORS = {
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
}
HUGE = 2**63
NO_SUCH_ID = 2**31 - 7  # a valid PostgreSQL integer that no record has
# The contact fields the input check covered when they were listed by hand.
PARTNER_FIELDS_LISTED_BEFORE = {
    "fax",
    "type",
    "phone_ext",
    "phone2",
    "phone2_ext",
    "email2",
    "pager",
    "toll_free",
    "department",
    "grouping_id",
    "birthdate",
    "contact_status",
    "contact_status_forced",
    "reseller_id",
    "installer_id",
    "prospector_id",
    "store_code",
    "is_competitor",
    "allow_communication",
    "include_in_mailing",
    "campaign_id",
    "source_id",
    "medium_id",
    "geo_source",
    "partner_latitude",
    "partner_longitude",
    "partner_warning_ids",
    "role_line_ids",
    "note_ids",
    "consent_ids",
}


def bad_values(field, foreign_ids):
    """Values the field must refuse, with a short name for the report."""
    ftype = field.type
    common = [("dict", {"a": 1})]
    if ftype == "integer":
        return common + [
            ("str", "abc"),
            ("list", [1]),
            ("2**63", HUGE),
            ("2**31", 2**31),
            ("float", 1.5),
        ]
    if ftype in ("float", "monetary"):
        return common + [
            ("str", "abc"),
            ("list", [1]),
            ("inf", float("inf")),
            ("nan", float("nan")),
        ]
    if ftype in ("char", "text", "html", "binary"):
        return common + [("list", ["a", "b"]), ("int", 12)]
    if ftype == "boolean":
        return common + [("str", "abc"), ("list", [True])]
    if ftype in ("date", "datetime"):
        return common + [
            ("str", "abc"),
            ("bad date", "2024-13-45"),
            ("int", 20240101),
            ("list", ["2024-01-01"]),
        ]
    if ftype == "selection":
        return common + [("unknown key", "no_such_key"), ("int", 1), ("list", ["x"])]
    if ftype == "many2one":
        values = common + [
            ("str", "abc"),
            ("list", [1, "x"]),
            ("2**63", HUGE),
            ("negative", -1),
            ("missing id", NO_SUCH_ID),
        ]
        if field.comodel_name in foreign_ids:
            values.append(("other company", foreign_ids[field.comodel_name]))
        return values
    if ftype in ("one2many", "many2many"):
        values = common + [
            ("str", "abc"),
            ("int", 12),
            ("bad command", [["x"]]),
            ("link 2**63", [[4, HUGE]]),
            ("set str ids", [[6, 0, ["a"]]]),
        ]
        if ftype == "many2many":
            values.append(("link missing id", [[4, NO_SUCH_ID]]))
            if field.comodel_name in foreign_ids:
                values.append(
                    ("link other company", [[4, foreign_ids[field.comodel_name]]])
                )
        return values
    return []


@tagged("standard", "post_install", "-at_install")
class TestFuzzJsonRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.salesman = new_test_user(
            env,
            login="crm_ext_fuzz_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        cls.accountant = new_test_user(
            env,
            login="crm_ext_fuzz_accountant",
            groups="account.group_account_invoice,base.group_partner_manager",
        )
        cls.sales_manager = new_test_user(
            env,
            login="crm_ext_fuzz_manager",
            groups="sales_team.group_sale_manager,base.group_partner_manager",
        )
        cls.admin = new_test_user(
            env,
            login="crm_ext_fuzz_admin",
            groups="base.group_system,base.group_partner_manager",
        )
        Partner = env["res.partner"]
        cls.customer = Partner.create({"name": "Fuzz Chocolaterie", "is_company": True})
        cls.buyer, cls.payer = Partner.create(
            [
                {"name": "Fuzz Acheteur", "parent_id": cls.customer.id},
                {"name": "Fuzz Payable", "parent_id": cls.customer.id},
            ]
        )
        cls.role = env.ref("crm_contacts_ext.role_purchasing")
        # Records of a company none of the users belongs to.
        cls.other_company = env["res.company"].create({"name": "Fuzz Other Company"})
        cls.foreign_partner = Partner.create(
            {"name": "Fuzz Foreign", "company_id": cls.other_company.id}
        )
        cls.foreign_lead = (
            env["crm.lead"]
            .with_company(cls.other_company)
            .create({"name": "Fuzz foreign opportunity", "type": "opportunity"})
        )
        cls.foreign_product = env["product.product"].create(
            {"name": "Fuzz foreign product", "company_id": cls.other_company.id}
        )
        cls.foreign_ids = {
            "res.partner": cls.foreign_partner.id,
            "res.company": cls.other_company.id,
            "crm.lead": cls.foreign_lead.id,
            "product.product": cls.foreign_product.id,
        }
        # Records the write cases change (or fail to).
        cls.lead = env["crm.lead"].create(
            {
                "name": "Fuzz opportunity",
                "type": "opportunity",
                "user_id": cls.salesman.id,
                "partner_id": cls.customer.id,
            }
        )
        cls.targets = {
            "res.partner.contact.role": env["res.partner.contact.role"].create(
                {"name": "Fuzz role", "code": "fuzz_role"}
            ),
            "res.partner.contact.role.line": env[
                "res.partner.contact.role.line"
            ].create({"partner_id": cls.payer.id, "role_id": cls.role.id, "rank": 1}),
            "res.partner.warning": env["res.partner.warning"].create(
                {"partner_id": cls.customer.id, "message": "Fuzz warning"}
            ),
            "res.partner.consent": env["res.partner.consent"].create(
                {
                    "partner_id": cls.payer.id,
                    "state": "granted",
                    "legal_basis": "consent",
                    "channel": "email",
                }
            ),
            "res.partner.note": env["res.partner.note"].create(
                {"partner_id": cls.buyer.id, "name": "Fuzz note"}
            ),
            "crm.lead.product.line": env["crm.lead.product.line"].create(
                {"lead_id": cls.lead.id, "name": "Fuzz line", "price_unit": 10.0}
            ),
            "res.partner.grouping": env["res.partner.grouping"].create(
                {"name": "Fuzz grouping", "code": "FUZZ"}
            ),
            "sale.order.lost.reason": env["sale.order.lost.reason"].create(
                {"name": "Fuzz reason", "code": "FUZZ"}
            ),
            "res.partner": cls.buyer,
            "crm.lead": cls.lead,
            "sale.order": env["sale.order"].create(
                {"partner_id": cls.customer.id, "user_id": cls.salesman.id}
            ),
            "account.move": env["account.move"].create(
                {"move_type": "out_invoice", "partner_id": cls.customer.id}
            ),
        }

    # ------------------------------------------------------------------
    # Harness
    # ------------------------------------------------------------------

    def _call(self, model, method, args, expect_logs=True):
        """call_kw over JSON-RPC; return (HTTP status, JSON body, log records)."""
        self.env.flush_all()
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": {}},
        }
        # Every refusal is logged by odoo.http (WARNING for user errors): capture
        # all the logs, to report anything else (a "bad query" ERROR, a server
        # error) as a defect.
        if not expect_logs:
            response = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
                timeout=60,
            )
            self.env.invalidate_all()
            return response.status_code, response.json(), []
        with self.assertLogs(level=logging.WARNING) as logs:
            logging.getLogger("odoo.tests").warning("fuzz request")
            response = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
                timeout=60,
            )
        self.env.invalidate_all()
        others = [
            f"{r.levelname} {r.name}: {r.getMessage()[:300]}"
            for r in logs.records
            if r.name not in ("odoo.tests", "odoo.http") or r.levelno > logging.WARNING
        ]
        try:
            body = response.json()
        except ValueError:
            body = {}
        return response.status_code, body, others

    def _problem(self, status, body, others, label):
        """What is wrong with the answer to a bad request, or None."""
        if status != 200:
            return f"HTTP {status}"
        error = body.get("error")
        if not error:
            return f"accepted: {body.get('result')!r}"
        data = error.get("data", {})
        name = data.get("name")
        if name not in CLEAR_ERRORS:
            return f"{name}: {data.get('message', '')[:200]}"
        if label and label not in data.get("message", ""):
            return f"{name} without the label {label!r}: {data.get('message')[:200]}"
        if others:
            return f"{name}, but logged: {others}"
        return None

    def _snapshot(self, model, record, fnames):
        Model = self.env[model].sudo().with_context(active_test=False)
        counts = {model: Model.search_count([])}
        for fname in fnames:
            field = Model._fields[fname]
            if field.type in ("one2many", "many2many"):
                counts[field.comodel_name] = (
                    self.env[field.comodel_name]
                    .sudo()
                    .with_context(active_test=False)
                    .search_count([])
                )
        values = record.sudo().read(fnames)[0] if record else {}
        return counts, values

    def _good_values_accepted(self, model, create_vals, record, writable):
        """The user may create (and write) with good values: the refusals of the
        fuzz are the values', not the user's."""
        defects = []
        status, body, __ = self._call(model, "create", [create_vals], expect_logs=False)
        if status != 200 or "result" not in body:
            defects.append(f"{model}.create of good values refused: {body}")
        if record and writable:
            good = {name: record[name] for name in create_vals}
            good = record._convert_to_write(good)
            status, body, __ = self._call(
                model, "write", [record.ids, good], expect_logs=False
            )
            if status != 200 or body.get("result") is not True:
                defects.append(f"{model}.write of good values refused: {body}")
        return defects

    def _fuzz(self, model, login, create_vals, fnames, expect_label=True):
        """Send every bad value of ``fnames`` to create and write as ``login``;
        return the list of defects found. ``expect_label=False``: the model
        refuses any write whatever the value (the consent history)."""
        self.authenticate(login, login)
        Model = self.env[model]
        record = self.targets.get(model)
        defects = self._good_values_accepted(model, create_vals, record, expect_label)
        cases = []
        for fname in fnames:
            field = Model._fields[fname]
            label = field._description_string(self.env) if expect_label else None
            for kind, value in bad_values(field, self.foreign_ids):
                cases.append((fname, label, kind, value))
        for fname, label, kind, value in cases:
            requests = [("create", [dict(create_vals, **{fname: value})])]
            if record:
                requests.append(("write", [record.ids, {fname: value}]))
            for method, args in requests:
                before = self._snapshot(model, record, fnames)
                status, body, others = self._call(model, method, args)
                problem = self._problem(status, body, others, label)
                after = self._snapshot(model, record, fnames)
                if before != after:
                    problem = (problem or "") + " / half-written"
                if problem:
                    defects.append(f"{model}.{method} {fname}={kind}: {problem}")
        # Required fields left empty: missing from create, emptied by write.
        for fname, field in Model._fields.items():
            if (
                not field.required
                or fname not in create_vals
                or fname not in fnames
                or field.default is not None
                # 0 / False are values (a missing rank is computed, see role lines)
                or field.type in ("integer", "float", "monetary", "boolean")
            ):
                continue
            label = field._description_string(self.env) if expect_label else None
            vals = dict(create_vals)
            del vals[fname]
            requests = [("create", [vals])]
            if record:
                requests.append(("write", [record.ids, {fname: False}]))
            for method, args in requests:
                before = self._snapshot(model, record, [])
                status, body, others = self._call(model, method, args)
                problem = self._problem(status, body, others, label)
                if before != self._snapshot(model, record, []):
                    problem = (problem or "") + " / half-written"
                if problem:
                    defects.append(f"{model}.{method} {fname} missing: {problem}")
        return defects

    def _fuzz_fields(self, model, skip=()):
        """The stored fields of a model of this addon that a client may send."""
        return [
            name
            for name, field in self.env[model]._fields.items()
            if field.store
            and not field.automatic
            and not field.related
            and (not field.compute or not field.readonly)
            and not field.groups
            and name not in skip
        ]

    def assertNoDefect(self, defects):
        self.assertFalse(defects, "\n" + "\n".join(defects))

    # ------------------------------------------------------------------
    # The new models
    # ------------------------------------------------------------------

    def test_role(self):
        model = "res.partner.contact.role"
        self.assertNoDefect(
            self._fuzz(
                model,
                self.admin.login,
                {"name": "Fuzz new role", "code": "fuzz_new"},
                self._fuzz_fields(model),
            )
        )

    def test_role_line(self):
        model = "res.partner.contact.role.line"
        self.assertNoDefect(
            self._fuzz(
                model,
                self.salesman.login,
                {"partner_id": self.buyer.id, "role_id": self.role.id, "rank": 1},
                self._fuzz_fields(model),
            )
        )

    def test_warning(self):
        model = "res.partner.warning"
        self.assertNoDefect(
            self._fuzz(
                model,
                self.salesman.login,
                {"partner_id": self.buyer.id, "message": "Fuzz new warning"},
                self._fuzz_fields(model),
            )
        )

    def test_consent(self):
        model = "res.partner.consent"
        self.assertNoDefect(
            self._fuzz(
                model,
                self.salesman.login,
                {
                    "partner_id": self.buyer.id,
                    "state": "granted",
                    "legal_basis": "consent",
                    "channel": "phone",
                },
                self._fuzz_fields(model),
                # A write is refused whatever the value: the history is evidence,
                # and the message says so without naming a field.
                expect_label=False,
            )
        )

    def test_note(self):
        model = "res.partner.note"
        self.assertNoDefect(
            self._fuzz(
                model,
                self.salesman.login,
                {"partner_id": self.buyer.id, "name": "Fuzz new note"},
                self._fuzz_fields(model),
            )
        )

    def test_lead_line(self):
        model = "crm.lead.product.line"
        self.assertNoDefect(
            self._fuzz(
                model,
                self.salesman.login,
                {"lead_id": self.lead.id, "name": "Fuzz new line"},
                self._fuzz_fields(model),
            )
        )

    def test_grouping(self):
        model = "res.partner.grouping"
        self.assertNoDefect(
            self._fuzz(
                model,
                self.sales_manager.login,
                {"name": "Fuzz new grouping", "code": "FUZZNEW"},
                self._fuzz_fields(model),
            )
        )

    def test_lost_reason(self):
        model = "sale.order.lost.reason"
        self.assertNoDefect(
            self._fuzz(
                model,
                self.sales_manager.login,
                {"name": "Fuzz new reason", "code": "FUZZNEW"},
                self._fuzz_fields(model),
            )
        )

    def test_consent_wizard(self):
        model = "res.partner.consent.wizard"
        self.assertNoDefect(
            self._fuzz(
                model,
                self.salesman.login,
                {"partner_id": self.buyer.id},
                self._fuzz_fields(model),
            )
        )

    def test_copy_to_wizard(self):
        model = "res.partner.copy.to"
        self.assertNoDefect(
            self._fuzz(
                model,
                self.salesman.login,
                {"partner_id": self.buyer.id},
                self._fuzz_fields(model),
            )
        )

    # ------------------------------------------------------------------
    # The fields this addon adds to Odoo's models
    # ------------------------------------------------------------------

    def test_partner_fields(self):
        checked = self.env["res.partner"]._input_checked_fields()
        # Derived from the fields the addon defines: at least those it checked
        # when they were listed by hand.
        self.assertLessEqual(PARTNER_FIELDS_LISTED_BEFORE, checked)
        fnames = sorted(
            name
            for name in checked
            if name not in ("consent_ids", "note_ids", "partner_warning_ids")
        )
        self.assertNoDefect(
            self._fuzz("res.partner", self.salesman.login, {"name": "Fuzz new"}, fnames)
        )

    def test_lead_fields(self):
        self.assertNoDefect(
            self._fuzz(
                "crm.lead",
                self.salesman.login,
                {"name": "Fuzz new opportunity", "type": "opportunity"},
                ["competitor_ids", "line_ids", "opportunity_status"],
            )
        )

    def test_sale_order_fields(self):
        self.assertNoDefect(
            self._fuzz(
                "sale.order",
                self.salesman.login,
                {"partner_id": self.customer.id},
                ["lost_reason_id", "partner_contact_id", "occasion_status"],
            )
        )

    def test_invoice_fields(self):
        self.assertNoDefect(
            self._fuzz(
                "account.move",
                self.accountant.login,
                {"move_type": "out_invoice", "partner_id": self.customer.id},
                ["partner_contact_id"],
            )
        )

    # ------------------------------------------------------------------
    # Hand-written business cases: values of the right type, out of range
    # ------------------------------------------------------------------

    def _business(self, login, cases):
        """``cases``: (model, method, args, text the message must hold, fnames read
        back to see nothing changed)."""
        self.authenticate(login, login)
        defects = []
        for model, method, args, text, fnames in cases:
            record = self.targets.get(model) if method == "write" else None
            before = self._snapshot(model, record, fnames)
            status, body, others = self._call(model, method, args)
            problem = self._problem(status, body, others, text)
            if before != self._snapshot(model, record, fnames):
                problem = (problem or "") + " / half-written"
            if problem:
                defects.append(f"{model}.{method} {args[-1]}: {problem}")
        return defects

    def test_business_ranges_as_salesperson(self):
        line = self.targets["res.partner.contact.role.line"]
        lead_line = self.targets["crm.lead.product.line"]
        order = self.targets["sale.order"]
        partner = self.buyer
        new_line = {"lead_id": self.lead.id, "name": "Fuzz range"}
        cases = [
            (
                "res.partner.contact.role.line",
                "write",
                [line.ids, {"rank": 0}],
                "Rank",
                [],
            ),
            (
                "res.partner.contact.role.line",
                "write",
                [line.ids, {"rank": -3}],
                "Rank",
                [],
            ),
            (
                "res.partner.contact.role.line",
                "create",
                [{"partner_id": self.buyer.id, "role_id": self.role.id, "rank": -1}],
                "Rank",
                [],
            ),
            (
                "res.partner.contact.role.line",
                "create",
                [{"partner_id": self.customer.id, "role_id": self.role.id}],
                "Contact",
                [],
            ),
            (
                "crm.lead.product.line",
                "create",
                [dict(new_line, discount=101)],
                "discount",
                [],
            ),
            (
                "crm.lead.product.line",
                "create",
                [dict(new_line, discount=-1)],
                "discount",
                [],
            ),
            (
                "crm.lead.product.line",
                "write",
                [lead_line.ids, {"product_uom_qty": -2}],
                "quantity",
                ["product_uom_qty"],
            ),
            (
                "crm.lead",
                "write",
                [self.lead.ids, {"line_ids": [[0, 0, dict(new_line, discount=150)]]}],
                "discount",
                ["line_ids"],
            ),
            (
                "sale.order",
                "write",
                [order.ids, {"partner_contact_id": self.foreign_partner.id}],
                "Contact",
                ["partner_contact_id"],
            ),
            (
                "res.partner.note",
                "create",
                [
                    {
                        "partner_id": self.buyer.id,
                        "name": "Fuzz",
                        "company_id": self.other_company.id,
                    }
                ],
                "Company",
                [],
            ),
            (
                "res.partner.warning",
                "create",
                [
                    {
                        "partner_id": self.buyer.id,
                        "message": "Fuzz",
                        "date_start": "2025-02-01",
                        "date_end": "2025-01-01",
                    }
                ],
                "Until",
                [],
            ),
            (
                "res.partner.consent",
                "create",
                [{"partner_id": self.buyer.id, "state": "granted", "channel": "web"}],
                "legal basis",
                [],
            ),
        ]
        for fname, value in (
            ("partner_latitude", 90.5),
            ("partner_latitude", -91),
            ("partner_longitude", 180.5),
            ("partner_longitude", -181),
        ):
            label = "Latitude" if fname == "partner_latitude" else "Longitude"
            cases.append(
                ("res.partner", "write", [partner.ids, {fname: value}], label, [fname])
            )
            cases.append(
                (
                    "res.partner",
                    "create",
                    [{"name": "Fuzz geo", fname: value}],
                    label,
                    [],
                )
            )
        self.assertNoDefect(self._business(self.salesman.login, cases))

    def test_product_of_another_company_of_the_user(self):
        """A salesperson of both companies sees both catalogues, but a line of an
        opportunity of one company takes the products of that company only."""
        both = new_test_user(
            self.env,
            login="crm_ext_fuzz_two_companies",
            groups="sales_team.group_sale_salesman",
            company_ids=[(6, 0, (self.env.company | self.other_company).ids)],
        )
        line = self.targets["crm.lead.product.line"]
        new_line = {"lead_id": self.lead.id, "product_id": self.foreign_product.id}
        cases = [
            ("crm.lead.product.line", "create", [new_line], "Product", []),
            (
                "crm.lead.product.line",
                "write",
                [line.ids, {"product_id": self.foreign_product.id}],
                "Product",
                ["product_id"],
            ),
        ]
        self.lead.user_id = both
        self.assertNoDefect(self._business(both.login, cases))
