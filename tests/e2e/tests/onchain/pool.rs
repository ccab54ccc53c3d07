//! A group pool on chain: the pool deploys its own bank, members contribute, are allowed
//! their budgets and spend them, a re-up passes by vote, and closing pays everyone out; a
//! payout the chain refuses (below the existential deposit) is held and claimed later.

use ink::codegen::TraitCallBuilder;
use vouch_e2e::{
    account, bank, deploy_pool, events_of, exec, exec_with_value, free_balance, fund, metadata,
    pool, read, refused, returned, unfunded, upload_bank_code, Client, PoolConfig, TestResult,
    UNIT,
};
use vouch_traits::pool::{Executed, GroupPool, PaidOut, Payout, PoolError, ProposalKind};
use vouch_traits::{BankError, PSP22Metadata, TrustBank};

#[ink_e2e::test]
async fn a_group_pool_votes_spends_and_settles_up<Backend: E2EBackend>(
    mut client: Backend,
) -> TestResult {
    group_pool(&mut client).await
}

async fn group_pool(client: &mut Client) -> TestResult {
    let (alice, bob, charlie) = (ink_e2e::alice(), ink_e2e::bob(), ink_e2e::charlie());
    let (alice_id, bob_id, charlie_id) = (account(&alice), account(&bob), account(&charlie));
    let code = upload_bank_code(client).await?;
    let config = PoolConfig {
        members: vec![alice_id, bob_id, charlie_id],
        threshold: 2,
        allowance: 100 * UNIT,
        ttl: 50,
        symbol: "TRIP".into(),
    };

    // The constructor refuses a bad threshold; a good one deploys the pool and its bank.
    let bad = PoolConfig {
        threshold: 4,
        ..config.clone()
    };
    assert_eq!(
        deploy_pool(client, &ink_e2e::ferdie(), code, &bad).await?,
        Err(PoolError::BadThreshold)
    );
    let at = deploy_pool(client, &ink_e2e::ferdie(), code, &config)
        .await?
        .map_err(|e| format!("the pool refused: {e:?}"))?;
    let notes_at = read(client, &pool(at).call().bank()).await?;
    let status = read(client, &pool(at).call().status()).await?;
    assert_eq!(status.bank, notes_at);
    assert_eq!(
        (status.threshold, status.members, status.closed),
        (2, 3, false)
    );
    let bank_status = read(client, &bank(notes_at).call().status()).await?;
    assert_eq!(bank_status.owner, at, "the pool owns its bank");
    assert_eq!(
        read(client, &metadata(notes_at).call().token_name()).await?,
        Some("TRIP pool notes".into())
    );
    for member in [alice_id, bob_id, charlie_id] {
        let line = read(client, &bank(notes_at).call().line(member)).await?;
        assert_eq!(
            line.limit,
            u128::MAX,
            "each member's line is open at the pool's bank"
        );
    }

    // Members state they will hold group notes, and contribute.
    for member in [&alice, &bob, &charlie] {
        exec(
            client,
            member,
            &bank(notes_at).call_mut().set_willing(1_000 * UNIT),
        )
        .await?;
    }
    let contribute = pool(at).call_mut().contribute();
    exec_with_value(client, &alice, &contribute, 300 * UNIT).await?;
    exec_with_value(client, &bob, &contribute, 100 * UNIT).await?;
    exec_with_value(client, &charlie, &contribute, 200 * UNIT).await?;
    assert_eq!(
        refused(client, &ink_e2e::dave(), &contribute).await?,
        Err(PoolError::NotMember)
    );
    assert_eq!(
        read(client, &pool(at).call().status()).await?.reserve,
        600 * UNIT
    );

    // Allowances within each budget, granted by any member; past the budget is refused.
    exec(
        client,
        &alice,
        &pool(at).call_mut().allow(bob_id, 100 * UNIT),
    )
    .await?;
    exec(
        client,
        &bob,
        &pool(at).call_mut().allow(alice_id, 100 * UNIT),
    )
    .await?;
    exec(
        client,
        &bob,
        &pool(at).call_mut().allow(charlie_id, 100 * UNIT),
    )
    .await?;
    assert_eq!(
        refused(client, &charlie, &pool(at).call_mut().allow(bob_id, UNIT)).await?,
        Err(PoolError::OverBudget)
    );
    let line = read(client, &bank(notes_at).call().line(bob_id)).await?;
    assert_eq!((line.held, line.granted), (100 * UNIT, 100 * UNIT));
    assert_eq!(
        read(client, &pool(at).call().status()).await?.outstanding,
        300 * UNIT
    );

    // Spending: Bob redeems 80 of his allowance, Alice 20.
    exec(client, &bob, &bank(notes_at).call_mut().redeem(80 * UNIT)).await?;
    exec(client, &alice, &bank(notes_at).call_mut().redeem(20 * UNIT)).await?;

    // Bob needs more: a re-up of 50 is proposed and passes on the second approval.
    let re_up = ProposalKind::ReUp {
        member: bob_id,
        amount: 50 * UNIT,
    };
    let proposed = exec(client, &alice, &pool(at).call_mut().propose(re_up)).await?;
    let id = returned(&proposed)?.map_err(|e| format!("{e:?}"))?;
    let proposal = read(client, &pool(at).call().proposal(id))
        .await?
        .ok_or("the proposal is stored")?;
    assert_eq!(
        (proposal.approvals, proposal.executed),
        (vec![alice_id], false)
    );
    assert_eq!(
        read(client, &bank(notes_at).call().line(bob_id))
            .await?
            .held,
        20 * UNIT
    );
    assert_eq!(
        refused(client, &alice, &pool(at).call_mut().approve(id)).await?,
        Err(PoolError::AlreadyApproved)
    );
    let approved = exec(client, &charlie, &pool(at).call_mut().approve(id)).await?;
    assert_eq!(returned(&approved)?, Ok(true));
    assert_eq!(
        events_of::<Executed, _>(&approved)?,
        vec![(at, Executed { id })]
    );
    let proposal = read(client, &pool(at).call().proposal(id))
        .await?
        .ok_or("the proposal is stored")?;
    assert!(proposal.executed);
    let line = read(client, &bank(notes_at).call().line(bob_id)).await?;
    assert_eq!((line.held, line.granted), (70 * UNIT, 70 * UNIT));
    let members = read(client, &pool(at).call().members()).await?;
    let bob_record = members
        .iter()
        .find(|(m, _)| *m == bob_id)
        .map(|(_, r)| *r)
        .ok_or("Bob is recorded")?;
    assert_eq!(
        (
            bob_record.budget,
            bob_record.granted,
            bob_record.contributed
        ),
        (150 * UNIT, 150 * UNIT, 100 * UNIT)
    );
    assert_eq!(
        refused(client, &bob, &pool(at).call_mut().approve(id)).await?,
        Err(PoolError::AlreadyExecuted)
    );
    exec(client, &bob, &bank(notes_at).call_mut().redeem(60 * UNIT)).await?;

    // The plan: 440 left in the reserve, all notes out are unspent gifts (revoked on close).
    // Spent: Alice 20, Bob 140, Charlie 0, so the credits are 280, 0 and 200; 440 of 480 is
    // paid pro rata, the odd unit to the largest remainder (Alice).
    let plan = read(client, &pool(at).call().settlement_plan())
        .await?
        .map_err(|e| format!("{e:?}"))?;
    assert_eq!(
        (plan.reserve, plan.claims, plan.distributable),
        (440 * UNIT, 0, 440 * UNIT)
    );
    let alice_payout = 256_666_666_666_667;
    let charlie_payout = 183_333_333_333_333;
    assert_eq!(alice_payout + charlie_payout, 440 * UNIT);
    assert_eq!(
        plan.payouts,
        vec![
            Payout {
                member: alice_id,
                contributed: 300 * UNIT,
                spent: 20 * UNIT,
                payout: alice_payout
            },
            Payout {
                member: bob_id,
                contributed: 100 * UNIT,
                spent: 140 * UNIT,
                payout: 0
            },
            Payout {
                member: charlie_id,
                contributed: 200 * UNIT,
                spent: 0,
                payout: charlie_payout
            },
        ]
    );

    // Close: Alice proposes, Bob's approval executes it. Alice and Charlie do not sign that
    // extrinsic, so their balances grow by exactly their payouts.
    let proposed = exec(
        client,
        &alice,
        &pool(at).call_mut().propose(ProposalKind::Close),
    )
    .await?;
    let close = returned(&proposed)?.map_err(|e| format!("{e:?}"))?;
    let alice_cash = free_balance(client, alice_id).await?;
    let charlie_cash = free_balance(client, charlie_id).await?;
    let closed = exec(client, &bob, &pool(at).call_mut().approve(close)).await?;
    assert_eq!(returned(&closed)?, Ok(true));
    assert_eq!(
        events_of::<PaidOut, _>(&closed)?,
        vec![
            (
                at,
                PaidOut {
                    member: alice_id,
                    amount: alice_payout
                }
            ),
            (
                at,
                PaidOut {
                    member: charlie_id,
                    amount: charlie_payout
                }
            ),
        ]
    );
    assert_eq!(
        free_balance(client, alice_id).await?,
        alice_cash + alice_payout
    );
    assert_eq!(
        free_balance(client, charlie_id).await?,
        charlie_cash + charlie_payout
    );
    let status = read(client, &pool(at).call().status()).await?;
    assert_eq!(
        (status.closed, status.reserve, status.outstanding),
        (true, 0, 0)
    );
    for member in [alice_id, bob_id, charlie_id] {
        let line = read(client, &bank(notes_at).call().line(member)).await?;
        assert_eq!(
            (line.held, line.granted),
            (0, 0),
            "unspent gifts were revoked"
        );
    }
    assert_eq!(
        refused(client, &alice, &contribute).await?,
        Err(PoolError::Closed)
    );
    // The bank still refuses anyone but its owner, the pool.
    assert_eq!(
        refused(client, &alice, &bank(notes_at).call_mut().withdraw(UNIT)).await?,
        Err(BankError::NotOwner)
    );
    Ok(())
}

#[ink_e2e::test]
async fn a_payout_below_the_existential_deposit_is_held_and_claimed<Backend: E2EBackend>(
    mut client: Backend,
) -> TestResult {
    held_payout(&mut client).await
}

/// The dev chain's existential deposit (one milli-unit): a transfer of less to an account
/// that holds nothing fails.
const EXISTENTIAL_DEPOSIT: u128 = UNIT / 1_000;

async fn held_payout(client: &mut Client) -> TestResult {
    let alice = ink_e2e::alice();
    let alice_id = account(&alice);
    // A member whose account holds nothing, and an empty account to pay a claim to.
    let (member, empty) = (unfunded("VouchEmptyMember")?, unfunded("VouchEmptyPayee")?);
    let (member_id, empty_id) = (account(&member), account(&empty));
    assert_eq!(free_balance(client, member_id).await?, 0);
    let code = upload_bank_code(client).await?;
    let config = PoolConfig {
        members: vec![alice_id, member_id],
        threshold: 1,
        allowance: UNIT,
        ttl: 50,
        symbol: "SMALL".into(),
    };
    let at = deploy_pool(client, &ink_e2e::ferdie(), code, &config)
        .await?
        .map_err(|e| format!("the pool refused: {e:?}"))?;
    let notes_at = read(client, &pool(at).call().bank()).await?;
    // A stranger puts 2/10 of the existential deposit into the pool's bank; nobody
    // contributed, so the close splits it evenly: each payout is below the deposit.
    let gift = EXISTENTIAL_DEPOSIT / 5;
    exec_with_value(
        client,
        &ink_e2e::ferdie(),
        &bank(notes_at).call_mut().deposit(),
        gift,
    )
    .await?;
    let share = gift / 2;
    let plan = read(client, &pool(at).call().settlement_plan())
        .await?
        .map_err(|e| format!("{e:?}"))?;
    assert_eq!(
        plan.payouts.iter().map(|p| p.payout).collect::<Vec<_>>(),
        vec![share, share]
    );

    // Alice's proposal executes at once (threshold 1). Her payout reaches her funded
    // account; the member's cannot, and is held for it instead of failing the close.
    let closed = exec(
        client,
        &alice,
        &pool(at).call_mut().propose(ProposalKind::Close),
    )
    .await?;
    assert!(returned(&closed)?.is_ok(), "the close went through");
    assert_eq!(
        events_of::<PaidOut, _>(&closed)?,
        vec![(
            at,
            PaidOut {
                member: alice_id,
                amount: share
            }
        )]
    );
    assert_eq!(free_balance(client, member_id).await?, 0);
    let status = read(client, &pool(at).call().status()).await?;
    assert!(status.closed);
    let held = |members: Vec<(vouch_traits::AccountId, vouch_traits::pool::Member)>| {
        members
            .into_iter()
            .find(|(m, _)| *m == member_id)
            .map(|(_, r)| r.unclaimed)
    };
    assert_eq!(
        held(read(client, &pool(at).call().members()).await?),
        Some(share)
    );

    // Funded, the member claims. To an account that holds nothing the chain still refuses
    // (nothing changes); to its own account the payout arrives, once.
    fund(client, &alice, member_id, UNIT).await?;
    assert_eq!(
        refused(client, &member, &pool(at).call_mut().claim(empty_id)).await?,
        Err(PoolError::TransferFailed)
    );
    assert_eq!(free_balance(client, empty_id).await?, 0);
    assert_eq!(
        held(read(client, &pool(at).call().members()).await?),
        Some(share)
    );
    let before = free_balance(client, member_id).await?;
    let claimed = exec(client, &member, &pool(at).call_mut().claim(member_id)).await?;
    assert_eq!(returned(&claimed)?, Ok(share));
    assert_eq!(
        events_of::<PaidOut, _>(&claimed)?,
        vec![(
            at,
            PaidOut {
                member: member_id,
                amount: share
            }
        )]
    );
    let fee = vouch_e2e::fee_paid(&claimed, &member)?;
    assert_eq!(free_balance(client, member_id).await?, before + share - fee);
    assert_eq!(
        held(read(client, &pool(at).call().members()).await?),
        Some(0)
    );
    assert_eq!(
        refused(client, &member, &pool(at).call_mut().claim(member_id)).await?,
        Err(PoolError::NothingToClaim)
    );
    Ok(())
}
