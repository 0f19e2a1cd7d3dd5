// Review queue: the header checkbox selects or clears every record on the page.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
    const all = document.getElementById("review-select-all");
    if (!all) {
        return;
    }
    all.addEventListener("change", function () {
        document.querySelectorAll("input.review-select").forEach(function (box) {
            box.checked = all.checked;
        });
    });
});
