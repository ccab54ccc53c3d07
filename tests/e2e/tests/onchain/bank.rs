//! A trust bank's life on chain: reserve, the limit/willing handshake, gifts, spending,
//! revocation of gifts only, and redemption against a full and a short reserve.

use ink::codegen::TraitCallBuilder;
use vouch_e2e::{
    account, bank, deploy_bank, exec, exec_with_value, fee_paid, free_balance, notes, read,
    refused, snapshot, Client, TestResult, UNIT,
};
use vouch_traits::{BankError, Line, TrustBank, PSP22};

#[ink_e2e::test]
async fn a_bank_lives_through_grants_spending_revocation_and_redemption<Backend: E2EBackend>(
    mut client: Backend,
) -> TestResult {
    bank_life(&mut client).await
}

async fn bank_life(client: &mut Client) -> TestResult {
    let (alice, bob, charlie) = (ink_e2e::alice(), ink_e2e::bob(), ink_e2e::charlie());
    let (bob_id, charlie_id) = (account(&bob), account(&charlie));
    let at = deploy_bank(client, &alice, "Alice notes", "ALICE", 12).await?;

    let status = read(client, &bank(at).call().status()).await?;
    assert_eq!(status.owner, account(&alice));
    assert_eq!((status.reserve, status.outstanding), (0, 0));

    // The reserve: anyone deposits, nothing is not a deposit.
    exec_with_value(client, &alice, &bank(at).call_mut().deposit(), 1_000 * UNIT).await?;
    assert_eq!(
        refused(client, &bob, &bank(at).call_mut().deposit()).await?,
        Err(BankError::ZeroAmount)
    );
    assert_eq!(
        read(client, &bank(at).call().status()).await?.reserve,
        1_000 * UNIT
    );

    // No line yet: a grant has no capacity. Only the owner sets limits.
    assert_eq!(
        refused(client, &alice, &bank(at).call_mut().grant(bob_id, UNIT)).await?,
        Err(BankError::NoCapacity)
    );
    assert_eq!(
        refused(client, &bob, &bank(at).call_mut().set_limit(bob_id, UNIT)).await?,
        Err(BankError::NotOwner)
    );

    // The handshake: the owner extends a limit, the holder states how much it will hold;
    // the capacity is the smaller of the two.
    exec(
        client,
        &alice,
        &bank(at).call_mut().set_limit(bob_id, 500 * UNIT),
    )
    .await?;
    let line = read(client, &bank(at).call().line(bob_id)).await?;
    assert_eq!(
        line,
        Line {
            limit: 500 * UNIT,
            ..Line::default()
        }
    );
    assert_eq!(
        refused(client, &alice, &bank(at).call_mut().grant(bob_id, UNIT)).await?,
        Err(BankError::NoCapacity),
        "a limit without the holder's consent takes no notes"
    );
    exec(client, &bob, &bank(at).call_mut().set_willing(300 * UNIT)).await?;
    let line = read(client, &bank(at).call().line(bob_id)).await?;
    assert_eq!(
        (line.limit, line.willing, line.capacity()),
        (500 * UNIT, 300 * UNIT, 300 * UNIT)
    );
    assert_eq!(
        refused(
            client,
            &alice,
            &bank(at).call_mut().grant(bob_id, 301 * UNIT)
        )
        .await?,
        Err(BankError::NoCapacity),
        "the holder's willing caps the limit"
    );

    // A gift: 200 notes granted to Bob.
    exec(
        client,
        &alice,
        &bank(at).call_mut().grant(bob_id, 200 * UNIT),
    )
    .await?;
    let line = read(client, &bank(at).call().line(bob_id)).await?;
    assert_eq!((line.held, line.granted), (200 * UNIT, 200 * UNIT));
    assert_eq!(
        read(client, &notes(at).call().total_supply()).await?,
        200 * UNIT
    );

    // Charlie opens a line and Bob spends 150 of his gift by paying Charlie: gifts are spent
    // first, and what Charlie received he earned.
    exec(
        client,
        &alice,
        &bank(at).call_mut().set_limit(charlie_id, 400 * UNIT),
    )
    .await?;
    exec(
        client,
        &charlie,
        &bank(at).call_mut().set_willing(400 * UNIT),
    )
    .await?;
    exec(
        client,
        &bob,
        &notes(at)
            .call_mut()
            .transfer(charlie_id, 150 * UNIT, Vec::new()),
    )
    .await?;
    let bob_line = read(client, &bank(at).call().line(bob_id)).await?;
    let charlie_line = read(client, &bank(at).call().line(charlie_id)).await?;
    assert_eq!((bob_line.held, bob_line.granted), (50 * UNIT, 50 * UNIT));
    assert_eq!((charlie_line.held, charlie_line.granted), (150 * UNIT, 0));
    assert_eq!(
        read(client, &notes(at).call().total_supply()).await?,
        200 * UNIT
    );

    // Revocation takes back gifts, never earned notes: Charlie's are refused and unchanged.
    let before = snapshot(client, &[at]).await?;
    assert_eq!(
        refused(
            client,
            &alice,
            &bank(at).call_mut().revoke(charlie_id, UNIT)
        )
        .await?,
        Err(BankError::ExceedsGranted)
    );
    assert_eq!(
        refused(
            client,
            &alice,
            &bank(at).call_mut().revoke(bob_id, 51 * UNIT)
        )
        .await?,
        Err(BankError::ExceedsGranted),
        "no more than the gift still held"
    );
    assert_eq!(snapshot(client, &[at]).await?, before);
    exec(
        client,
        &alice,
        &bank(at).call_mut().revoke(bob_id, 50 * UNIT),
    )
    .await?;
    let bob_line = read(client, &bank(at).call().line(bob_id)).await?;
    assert_eq!((bob_line.held, bob_line.granted), (0, 0));
    assert_eq!(
        read(client, &notes(at).call().total_supply()).await?,
        150 * UNIT
    );

    // Redemption with a full reserve (1000 behind 150 notes): Charlie gets native currency
    // 1:1, his notes are burned.
    let cash_before = free_balance(client, charlie_id).await?;
    let redeemed = exec(client, &charlie, &bank(at).call_mut().redeem(100 * UNIT)).await?;
    let fee = fee_paid(&redeemed, &charlie)?;
    assert!(fee > 0);
    let cash_after = free_balance(client, charlie_id).await?;
    assert_eq!(cash_after + fee, cash_before + 100 * UNIT);
    let status = read(client, &bank(at).call().status()).await?;
    assert_eq!(
        (status.reserve, status.outstanding),
        (900 * UNIT, 50 * UNIT)
    );
    assert_eq!(
        read(client, &notes(at).call().balance_of(charlie_id)).await?,
        50 * UNIT
    );

    // The owner takes most of the reserve out: 20 now back 50 notes.
    exec(client, &alice, &bank(at).call_mut().withdraw(880 * UNIT)).await?;
    assert_eq!(
        read(client, &bank(at).call().status()).await?.reserve,
        20 * UNIT
    );

    // Redemption with a short reserve fails cleanly: nothing changes, not the notes, the
    // line, the supply or the reserve.
    let before = snapshot(client, &[at]).await?;
    let charlie_line = read(client, &bank(at).call().line(charlie_id)).await?;
    let cash_before = free_balance(client, charlie_id).await?;
    assert_eq!(
        refused(client, &charlie, &bank(at).call_mut().redeem(50 * UNIT)).await?,
        Err(BankError::InsufficientReserve)
    );
    let after = snapshot(client, &[at]).await?;
    assert_eq!(after, before);
    assert_eq!(after[0].status.reserve, 20 * UNIT);
    assert_eq!(after[0].total_supply, 50 * UNIT);
    assert_eq!(
        read(client, &bank(at).call().line(charlie_id)).await?,
        charlie_line
    );
    assert_eq!(
        read(client, &notes(at).call().balance_of(charlie_id)).await?,
        50 * UNIT
    );
    // Charlie paid the fee of the failed extrinsic and received nothing.
    assert!(free_balance(client, charlie_id).await? < cash_before);

    // What the reserve does cover can still be redeemed; the reserve ends empty.
    exec(client, &charlie, &bank(at).call_mut().redeem(20 * UNIT)).await?;
    let status = read(client, &bank(at).call().status()).await?;
    assert_eq!((status.reserve, status.outstanding), (0, 30 * UNIT));
    assert_eq!(status.reserve_ratio_ppm, Some(0));
    Ok(())
}
