// Every contract error the page can meet, in plain words. The table is keyed by the error
// type's name in the contracts' metadata and its variant; a unit test checks that every
// variant of every `…Error` type in the metadata the page imports has a sentence.

export const ERROR_SENTENCES: Record<string, Record<string, string>> = {
  BankError: {
    NotOwner: "Only the bank's owner may do this.",
    NotRouter: 'The bank has not authorised this router to move its notes.',
    ZeroAmount: 'The amount must be more than zero.',
    SelfLine: 'A bank keeps no line with itself: name another person or bank.',
    NoCapacity:
      "The receiver's line has no room: the issuer must extend a limit and the holder must be willing to hold that many notes.",
    InsufficientNotes: 'The holder holds fewer notes than that.',
    ExceedsGranted: 'Only granted notes can be taken back: notes the holder earned are never revoked.',
    InsufficientReserve: "The bank's reserve is too small to pay that out.",
    InsufficientAllowance: 'The token allowance is too small for this.',
    TransferFailed: 'The chain refused to move the native currency.',
    CallFailed: 'A call into another contract failed.',
    Overflow: 'The amount is too large.',
  },
  PSP22Error: {
    Custom: 'The bank refused the transfer.',
    InsufficientBalance: 'Not enough notes to transfer.',
    InsufficientAllowance: 'The token allowance is too small for this transfer.',
    ZeroRecipientAddress: 'The receiver is the zero address.',
    ZeroSenderAddress: 'The sender is the zero address.',
    SafeTransferCheckFailed: 'The receiving contract refused the transfer.',
  },
  RouterError: {
    NotAdmin: "Only the router's admin may do this.",
    UnknownCode: 'That contract is not trust bank code the router accepts.',
    NotBankOwner: "Only a bank's owner can register it.",
    UnknownPerson: 'The payer or the receiver has no bank registered with the router.',
    SelfPayment: 'You cannot pay yourself.',
    BadRouteCount: 'A payment takes 1 to 8 routes.',
    BadHopCount: 'A route takes 1 to 16 hops.',
    Loop: 'A route passes the same bank twice.',
    WrongDestination: "A route does not end at the receiver's bank.",
    ZeroAmount: 'Every route must carry more than zero.',
    Overflow: 'The amounts are too large.',
    MaxSpentExceeded: 'The payment would spend more than allowed.',
    BelowMinDelivered: 'The payment would deliver less than required.',
    DeadlinePassed: "The payment's deadline has passed: try again.",
    BadSearchCap: 'The search limits are out of range.',
    NoRoute: 'No route with enough room was found.',
    HopFailed: 'A hop of the payment failed; nothing was paid.',
  },
  PoolError: {
    NotMember: 'You (or the member named) are not an active member of the pool.',
    AlreadyMember: 'That account is already a member of the pool.',
    BadMemberCount: 'A pool records 1 to 16 members.',
    DuplicateMember: 'A member is listed twice.',
    BadThreshold: 'The threshold must stay between 1 and the number of active members.',
    ZeroAmount: 'The amount must be more than zero.',
    OverBudget: "That would take the member past their budget: more needs a vote.",
    UnknownProposal: 'There is no proposal with that number.',
    Expired: 'The proposal has expired: propose it again.',
    AlreadyExecuted: 'The proposal has already been carried out.',
    AlreadyApproved: 'You have already approved this proposal: another member has to approve it.',
    Closed: 'The pool has closed (it settled up).',
    TransferFailed: 'The chain refused a native transfer.',
    CallFailed: "A call into the pool's bank failed.",
    Bank: "The pool's bank refused.",
    Overflow: 'The amount is too large.',
    BadRecipient: 'The pool itself cannot be paid or be a member: name a person or another account.',
    NothingToClaim: 'No payout is held for you.',
  },
  LangError: {
    CouldNotReadInput: 'The contract could not read the call (the page and the contract disagree on its interface).',
  },
};

/** Errors of the chain itself (a dispatch error, or a pallet's module error). */
export const DISPATCH_SENTENCES: Record<string, string> = {
  'Contracts.OutOfGas': 'The call ran out of gas.',
  'Contracts.ContractTrapped': 'The contract stopped with a trap (a bug or an unexpected state).',
  'Contracts.ContractReverted': 'The contract refused the call.',
  'Contracts.ContractNotFound': 'There is no contract at that address.',
  'Contracts.CodeNotFound': 'That contract code is not on the chain.',
  'Contracts.DuplicateContract': 'A contract already exists at that address.',
  'Contracts.TransferFailed': 'The chain refused to move the native currency.',
  'Contracts.StorageDepositLimitExhausted': 'The storage deposit limit was too low.',
  'Contracts.StorageDepositNotEnoughFunds': 'Your account cannot pay the storage deposit.',
  'Contracts.ReentranceDenied': 'A contract tried to call back into itself.',
  'Contracts.MaxCallDepthReached': 'Too many nested contract calls.',
  'Contracts.ValueTooLarge': 'The value is too large.',
  'Contracts.Indeterministic': 'The contract is not deterministic.',
  'Balances.InsufficientBalance': 'Your account has too little balance.',
  'Balances.ExistentialDeposit': 'The amount is below the existential deposit.',
  'Balances.Expendability': 'That would take the account below its existential deposit.',
  BadOrigin: 'The signer is not allowed to do this.',
  CannotLookup: 'An account could not be found.',
  'Token.FundsUnavailable': 'Your account has too little balance.',
  'Token.BelowMinimum': 'The amount is below the existential deposit.',
  'Token.CannotCreate': 'The account cannot be created.',
  Exhausted: 'The block is full: try again.',
};

/** The sentence for error type `typeName`'s `variant` (a placeholder if the table lacks it). */
export function sentence(typeName: string, variant: string): string {
  return ERROR_SENTENCES[typeName]?.[variant] ?? `${typeName}.${variant}`;
}

/** A `BankError` (a variant name) in words. */
export function explainBank(e: string): string {
  return `${sentence('BankError', e)} (${e})`;
}

type Tagged = { type: string; value?: unknown };

function isTagged(x: unknown): x is Tagged {
  return !!x && typeof x === 'object' && 'type' in x && typeof (x as Tagged).type === 'string';
}

/** A `PSP22Error`: `Custom` carries the bank's own error name. */
export function explainPsp22(e: unknown): string {
  if (!isTagged(e)) return `The token refused (${String(e)}).`;
  if (e.type === 'Custom' && typeof e.value === 'string' && ERROR_SENTENCES.BankError?.[e.value]) {
    return explainBank(e.value);
  }
  const detail = e.value !== undefined ? `: ${String(e.value)}` : '';
  return `${sentence('PSP22Error', e.type)} (${e.type}${detail})`;
}

/** `HopFailed { route, hop, error }`, as an object or a tuple. */
function hopFailed(v: unknown): { route: number; hop: number; error: string } | null {
  if (Array.isArray(v) && v.length === 3) {
    return { route: Number(v[0]), hop: Number(v[1]), error: String(v[2]) };
  }
  if (v && typeof v === 'object' && 'route' in v && 'hop' in v && 'error' in v) {
    const o = v as { route: unknown; hop: unknown; error: unknown };
    return { route: Number(o.route), hop: Number(o.hop), error: String(o.error) };
  }
  return null;
}

export function explainRouter(e: unknown): string {
  if (!isTagged(e)) return `The router refused (${String(e)}).`;
  if (e.type === 'HopFailed') {
    const h = hopFailed(e.value);
    if (h) {
      return `Route ${h.route + 1}, hop ${h.hop + 1} failed: ${explainBank(h.error)} Nothing was paid.`;
    }
  }
  return `${sentence('RouterError', e.type)} (${e.type})`;
}

export function explainPool(e: unknown): string {
  if (!isTagged(e)) return `The pool refused (${String(e)}).`;
  if (e.type === 'Bank' && typeof e.value === 'string') {
    return `${sentence('PoolError', 'Bank')} ${explainBank(e.value)}`;
  }
  return `${sentence('PoolError', e.type)} (${e.type})`;
}

/** `hops`' `LegError { leg, error }`. */
export function explainLeg(e: unknown): string {
  if (e && typeof e === 'object' && 'leg' in e && 'error' in e) {
    const o = e as { leg: unknown; error: unknown };
    return `Leg ${Number(o.leg) + 1} failed: ${explainBank(String(o.error))}`;
  }
  return `A leg failed (${String(e)}).`;
}

export type ErrorKind = 'bank' | 'psp22' | 'router' | 'pool' | 'leg';

/** A message's `Err` value in words, by the kind of error the message returns. */
export function explainContractError(kind: ErrorKind, e: unknown): string {
  switch (kind) {
    case 'bank':
      return explainBank(String(e));
    case 'psp22':
      return explainPsp22(e);
    case 'router':
      return explainRouter(e);
    case 'pool':
      return explainPool(e);
    case 'leg':
      return explainLeg(e);
  }
}

/** A chain error in words: `pallet.name` (module errors), or a dispatch error's kind. */
export function explainDispatch(key: string, docs?: string): string {
  const known = DISPATCH_SENTENCES[key];
  if (known) return `${known} (${key})`;
  const d = docs?.trim();
  return d ? `The chain refused: ${d} (${key})` : `The chain refused the transaction (${key}).`;
}
