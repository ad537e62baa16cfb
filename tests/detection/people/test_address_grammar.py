"""The whole-text gates that decide whether an address grammar runs at all."""

from __future__ import annotations

import pytest

from ferryman.detection.people.address_grammar import LOWER_TYPE_GATES, has_lower_type


@pytest.mark.parametrize(
    "text",
    [
        "Envoyez-le au 12 rue de la Paix, 75002 Paris.",
        "avenue Foch",
        "le boulevard Haussmann",
        "chemin des Vignes",
        "allée des Roses",
        "impasse du Moulin",
        "quai de Valmy",
        "ulica Marszałkowska",
        "ul. Marszałkowska 12",
        "Larue Dupont",  # the grammar has no left boundary, so neither has the gate
        "the value is true and the queue is due",
        "Rue de Rivoli",
        "avenue\tFoch",
        "",
    ],
)
def test_lower_type_gate_agrees_with_a_substring_check_per_gate(text: str) -> None:
    assert has_lower_type(text) == any(gate in text for gate in LOWER_TYPE_GATES)
