import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_contacts_ext_partner_warning_block", {
    steps: () => [
        {
            content: "On a new quotation, the salesperson types the customer",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input",
            run: "edit Mauvais Payeur Tour",
        },
        {
            content: "and picks the blocked customer",
            trigger: ".o-autocomplete--dropdown-item > a:contains(Mauvais Payeur Tour)",
            run: "click",
        },
        {
            content: "The warning's message is shown",
            trigger: ".modal .modal-body:contains(Chocolats impayés depuis mars)",
        },
        {
            content: "The salesperson closes the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The customer field has been emptied",
            trigger: "body:not(:has(.modal)) .o_field_widget[name='partner_id'] input",
            run() {
                if (this.anchor.value) {
                    throw new Error(
                        `The customer should be empty, not "${this.anchor.value}"`
                    );
                }
            },
        },
        {
            content: "The salesperson gives up this quotation",
            trigger: ".o_form_button_cancel",
            run: "click",
        },
        {
            content: "and is back on the list of quotations",
            trigger: ".o_list_view",
        },
    ],
});
