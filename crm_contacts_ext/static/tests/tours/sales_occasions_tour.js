import {registry} from "@web/core/registry";
import {clickStatButton} from "@crm_contacts_ext/../tests/tours/utils/stat_button";

registry.category("web_tour.tours").add("crm_contacts_ext_sales_occasions", {
    steps: () => [
        {
            content: "Laura Secord's card is open",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value(Laura Secord)",
        },
        ...clickStatButton("action_view_sales_occasions", "Open her sales occasions"),
        {
            content: "The list shows every occasion, grouped by status; start a quotation",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "The quotation is for Laura Secord",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value(/Laura Secord/)",
        },
        {
            content: "Add a product",
            trigger: "div[name='order_line'] .o_field_x2many_list_row_add a:first",
            run: "click",
        },
        {
            trigger: "div[name='order_line'] .o_data_row .o_field_widget[name='product_template_id'] input",
            run: "edit Coffret de truffes",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Coffret de truffes)",
            run: "click",
        },
        {
            trigger: "div[name='order_line'] .o_data_row .o_field_widget[name='product_uom_qty'] input",
            run: "edit 10",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "The customer says no: cancel",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_cancel']",
            run: "click",
        },
        {
            content: "The wizard asks why the sale was lost",
            trigger: ".modal .o_field_widget[name='lost_reason_id'] input",
            run: "edit PRIX",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Price too high)",
            run: "click",
        },
        {
            content: "Cancel the quotation",
            trigger: ".modal footer button[name='action_cancel']",
            run: "click",
        },
        {
            content: "The quotation is cancelled",
            trigger: ".o_form_view .o_field_widget[name='lost_reason_id']:contains(PRIX)",
        },
    ],
});
