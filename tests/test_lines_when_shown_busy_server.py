"""A role added while the card's roles are read again after a save is kept.

The user saves the card with the Roles tab open, then adds a role before the
roles' second read (one2many_when_shown, after the save) has answered: the
list cannot be edited until the lines are read, then both roles show and are
saved. Here the server answers that read in 2 s (a busy server). Found by a
helper trying to break db77fdc: the read's answer replaced the list and the
new row was lost.
"""

import time
from unittest.mock import patch

from odoo.tests import tagged

from .common import TourCase


@tagged("standard", "post_install", "-at_install")
class TestLinesWhenShownBusyServer(TourCase):
    tour_login = "crm_ext_lws_busy_salesman"

    def _person(self, name, roles=(), company=None, **vals):
        company = company or self.env["res.partner"].create(
            {"name": f"Co of {name}", "is_company": True}
        )
        return self.env["res.partner"].create(
            {
                "name": name,
                "parent_id": company.id,
                "role_line_ids": [(0, 0, {"role_id": role.id}) for role in roles],
                **vals,
            }
        )

    def test_add_role_right_after_save_on_a_busy_server(self):
        """The user saves, then adds a role while the list is read again (a
        slow server: the second read of the roles takes 2 s)."""
        self.purchasing = self.env.ref("crm_contacts_ext.role_purchasing")
        self.payable = self.env.ref("crm_contacts_ext.role_accounts_payable")
        quick = self._person("Quick Save", [self.purchasing])
        Partner = type(self.env["res.partner"])
        web_read = Partner.web_read
        reads = []

        def slow_web_read(records, specification):
            spec = specification.get("role_line_ids")
            if spec is not None and not (spec.get("context") or {}).get(
                "load_when_shown"
            ):
                reads.append(1)
                if len(reads) > 1:  # not the first opening of the tab
                    time.sleep(2)
            return web_read(records, specification)

        with patch.object(Partner, "web_read", slow_web_read):
            self.run_tour(quick, "break_save_then_add")
        self.assertEqual(quick.role_line_ids.role_id, self.purchasing | self.payable)
