//! A budget Monte Carlo run reuses one `Totals` and works out the discount factors once:
//! `Totals::fill` must give the bits `Totals::of` gives, whatever the totals held before.

use caretriangle::budget::Totals;
use caretriangle::examples::north_of_tyne;

#[test]
fn totals_filled_again_are_the_totals_made_afresh() {
    let programme = north_of_tyne().unwrap();
    let name = programme.budget_impacts()[0].name.clone();
    let model = programme.budget_model(&name).unwrap();
    let factors = model.discounting().factors(model.years() as usize);
    let mut ws = model.workspace();
    // The base values, then every uncertain input 10% up: two evaluations with other totals.
    let mut raised = model.base().to_vec();
    for (slot, _) in model.uncertain() {
        raised[*slot] *= 1.1;
    }
    let mut reused = Totals::default();
    for p in [model.base().to_vec(), raised] {
        model.evaluate(&p, &mut ws).unwrap();
        reused.fill(&model, &ws.values, &factors);
        let afresh = Totals::of(&model, &ws.values);
        assert_eq!(reused, afresh);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&reused.discounted_cumulative), bits(&afresh.discounted_cumulative));
        assert_eq!(reused.net.len(), model.years() as usize);
    }
}
