//! A bank's notes as a wallet sees them: PSP22 reads, token metadata, and the PSP22 events of
//! each call (decoded from the extrinsic's events, with the topics a wallet filters on).

use ink::codegen::TraitCallBuilder;
use vouch_e2e::{
    account, bank, deploy_bank, events_of, exec, metadata, notes, read, refused, topic, topics_of,
    Client, TestResult, UNIT,
};
use vouch_traits::events::{Approval, Granted, LineSet, Transfer};
use vouch_traits::{PSP22Error, PSP22Metadata, TrustBank, PSP22};

#[ink_e2e::test]
async fn a_wallet_reads_notes_and_their_events<Backend: E2EBackend>(
    mut client: Backend,
) -> TestResult {
    wallet_view(&mut client).await
}

async fn wallet_view(client: &mut Client) -> TestResult {
    let (alice, bob, charlie, dave) = (
        ink_e2e::alice(),
        ink_e2e::bob(),
        ink_e2e::charlie(),
        ink_e2e::dave(),
    );
    let (bob_id, charlie_id, dave_id) = (account(&bob), account(&charlie), account(&dave));
    let at = deploy_bank(client, &alice, "Alice notes", "ALICE", 12).await?;

    // Metadata and an empty ledger.
    let name = read(client, &metadata(at).call().token_name()).await?;
    let symbol = read(client, &metadata(at).call().token_symbol()).await?;
    let decimals = read(client, &metadata(at).call().token_decimals()).await?;
    assert_eq!(
        (name.as_deref(), symbol.as_deref(), decimals),
        (Some("Alice notes"), Some("ALICE"), 12)
    );
    assert_eq!(read(client, &notes(at).call().total_supply()).await?, 0);
    assert_eq!(read(client, &notes(at).call().balance_of(bob_id)).await?, 0);

    // Lines for Bob and Charlie; each side's call says what the line is now.
    let set = exec(
        client,
        &alice,
        &bank(at).call_mut().set_limit(bob_id, 100 * UNIT),
    )
    .await?;
    assert_eq!(
        events_of::<LineSet, _>(&set)?,
        vec![(
            at,
            LineSet {
                holder: bob_id,
                limit: 100 * UNIT,
                willing: 0
            }
        )]
    );
    let set = exec(client, &bob, &bank(at).call_mut().set_willing(100 * UNIT)).await?;
    assert_eq!(
        events_of::<LineSet, _>(&set)?,
        vec![(
            at,
            LineSet {
                holder: bob_id,
                limit: 100 * UNIT,
                willing: 100 * UNIT
            }
        )]
    );
    exec(
        client,
        &alice,
        &bank(at).call_mut().set_limit(charlie_id, 50 * UNIT),
    )
    .await?;
    exec(
        client,
        &charlie,
        &bank(at).call_mut().set_willing(50 * UNIT),
    )
    .await?;

    // A grant is a mint: Transfer from nobody, then Granted.
    let granted = exec(
        client,
        &alice,
        &bank(at).call_mut().grant(bob_id, 60 * UNIT),
    )
    .await?;
    let mint = Transfer {
        from: None,
        to: Some(bob_id),
        value: 60 * UNIT,
    };
    assert_eq!(events_of::<Transfer, _>(&granted)?, vec![(at, mint)]);
    assert_eq!(
        events_of::<Granted, _>(&granted)?,
        vec![(
            at,
            Granted {
                holder: bob_id,
                amount: 60 * UNIT
            }
        )]
    );
    // The topics a wallet filters on: the signature, then `from` and `to`. An `Option` topic
    // field is published as its value's topic (`Some(bob)` as bob's account), `None` as the
    // zero topic (ink's `as_option!`).
    let signature = ink_e2e::H256::from(
        <Transfer as ink::env::Event>::SIGNATURE_TOPIC.ok_or("Transfer has a signature")?,
    );
    assert_eq!(
        topics_of::<Transfer, _>(&granted)?,
        vec![vec![
            signature,
            topic(&0u8),
            topic(&bob_id)
        ]]
    );
    assert_eq!(
        read(client, &notes(at).call().total_supply()).await?,
        60 * UNIT
    );
    assert_eq!(
        read(client, &notes(at).call().balance_of(bob_id)).await?,
        60 * UNIT
    );

    // An allowance, spent by a third party.
    let approved = exec(
        client,
        &bob,
        &notes(at).call_mut().approve(dave_id, 40 * UNIT),
    )
    .await?;
    assert_eq!(
        events_of::<Approval, _>(&approved)?,
        vec![(
            at,
            Approval {
                owner: bob_id,
                spender: dave_id,
                amount: 40 * UNIT
            }
        )]
    );
    assert_eq!(
        read(client, &notes(at).call().allowance(bob_id, dave_id)).await?,
        40 * UNIT
    );
    let moved = exec(
        client,
        &dave,
        &notes(at)
            .call_mut()
            .transfer_from(bob_id, charlie_id, 25 * UNIT, Vec::new()),
    )
    .await?;
    assert_eq!(
        events_of::<Transfer, _>(&moved)?,
        vec![(
            at,
            Transfer {
                from: Some(bob_id),
                to: Some(charlie_id),
                value: 25 * UNIT
            }
        )]
    );
    assert_eq!(
        events_of::<Approval, _>(&moved)?,
        vec![(
            at,
            Approval {
                owner: bob_id,
                spender: dave_id,
                amount: 15 * UNIT
            }
        )]
    );
    assert_eq!(
        read(client, &notes(at).call().allowance(bob_id, dave_id)).await?,
        15 * UNIT
    );
    assert_eq!(
        read(client, &notes(at).call().balance_of(bob_id)).await?,
        35 * UNIT
    );
    assert_eq!(
        read(client, &notes(at).call().balance_of(charlie_id)).await?,
        25 * UNIT
    );

    // Failures a wallet can tell apart.
    assert_eq!(
        refused(
            client,
            &dave,
            &notes(at)
                .call_mut()
                .transfer_from(bob_id, charlie_id, 16 * UNIT, Vec::new())
        )
        .await?,
        Err(PSP22Error::InsufficientAllowance)
    );
    assert_eq!(
        refused(
            client,
            &bob,
            &notes(at)
                .call_mut()
                .transfer(charlie_id, 26 * UNIT, Vec::new())
        )
        .await?,
        Err(PSP22Error::Custom("NoCapacity".into()))
    );
    assert_eq!(
        refused(
            client,
            &bob,
            &notes(at)
                .call_mut()
                .transfer(charlie_id, 36 * UNIT, Vec::new())
        )
        .await?,
        Err(PSP22Error::InsufficientBalance)
    );

    // Notes sent back to their bank are burned: Transfer to nobody.
    let burned = exec(
        client,
        &bob,
        &notes(at).call_mut().transfer(at, 5 * UNIT, Vec::new()),
    )
    .await?;
    assert_eq!(
        events_of::<Transfer, _>(&burned)?,
        vec![(
            at,
            Transfer {
                from: Some(bob_id),
                to: None,
                value: 5 * UNIT
            }
        )]
    );
    assert_eq!(
        read(client, &notes(at).call().total_supply()).await?,
        55 * UNIT
    );
    assert_eq!(
        read(client, &notes(at).call().balance_of(bob_id)).await?,
        30 * UNIT
    );
    Ok(())
}
