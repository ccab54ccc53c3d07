// The front build of the trust bank (`--features front`): what a bank instance runs. See the
// crate documentation. Included by lib.rs so that the two `#[ink::contract]` modules share
// the crate's `data` and `hot` modules.

#[ink::contract]
pub mod trust_bank {
    use crate::data::{Ledger, Metadata};
    use crate::hot;
    use ink::env::call::{build_call, ExecutionInput, Selector};
    use ink::env::{CallFlags, ReturnFlags};
    use ink::prelude::vec::Vec;
    use ink::storage::traits::StorageKey;
    use ink::storage::Lazy;
    use scale::{Decode, Encode, Input};
    use vouch_traits::{AccountId as Id, Leg, Settle};

    /// The library's code hash, fixed when the front is built: scripts/build-contracts
    /// builds the library first and passes its hash in `VOUCH_BANK_LIBRARY`, and checks the
    /// front it built carries it. Without it (a stray `--all-features` build) the hash is
    /// zero, and such a front cannot be instantiated: no code has that hash to lock.
    const LIBRARY: [u8; 32] = match option_env!("VOUCH_BANK_LIBRARY") {
        Some(hex) => hex32(hex),
        None => [0; 32],
    };

    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c.wrapping_sub(b'0'),
            b'a'..=b'f' => c.wrapping_sub(b'a').wrapping_add(10),
            _ => panic!("VOUCH_BANK_LIBRARY is not lowercase hex"),
        }
    }

    /// 64 lowercase hex digits as 32 bytes, at compile time.
    const fn hex32(s: &str) -> [u8; 32] {
        let b = s.as_bytes();
        assert!(b.len() == 64, "VOUCH_BANK_LIBRARY must be 32 bytes of hex");
        let mut out = [0u8; 32];
        let mut i = 0usize;
        while i < 32 {
            let at = i.wrapping_mul(2);
            out[i] = nibble(b[at])
                .wrapping_mul(16)
                .wrapping_add(nibble(b[at.wrapping_add(1)]));
            i = i.wrapping_add(1);
        }
        out
    }

    // The selectors the front answers itself: ink!'s selectors of the trait messages (the
    // trait's name and the message's), the same the library's metadata lists.
    const HOPS: [u8; 4] = ink::selector_bytes!("TrustBank::hops");
    const LINES_OF: [u8; 4] = ink::selector_bytes!("TrustBank::lines_of");
    const TRANSFER: [u8; 4] = ink::selector_bytes!("PSP22::transfer");

    /// A call the front handles, or `Cold` for everything it hands to the library.
    enum Call {
        Hops(Vec<Leg>),
        LinesOf(Vec<Id>),
        /// PSP22 `transfer`: its `data` argument is ignored, so it is not decoded.
        Transfer(Id, Balance),
        Cold,
    }

    impl Decode for Call {
        fn decode<I: Input>(input: &mut I) -> Result<Self, scale::Error> {
            let selector = <[u8; 4]>::decode(input)?;
            Ok(match selector {
                HOPS => Call::Hops(Vec::decode(input)?),
                LINES_OF => Call::LinesOf(Vec::decode(input)?),
                TRANSFER => Call::Transfer(Id::decode(input)?, Balance::decode(input)?),
                _ => Call::Cold,
            })
        }
    }

    /// The same storage as the library's (`Bank` in lib.rs).
    #[ink(storage)]
    pub struct Bank {
        ledger: Ledger,
        decimals: u8,
        metadata: Lazy<Metadata>,
    }

    /// The constructor's arguments, split as the front stores them: the encoded name and
    /// symbol (everything but the last byte), and the decimals (the last byte).
    #[cfg_attr(feature = "std", derive(scale_info::TypeInfo))]
    pub struct Args {
        metadata: Vec<u8>,
        decimals: u8,
    }

    impl Decode for Args {
        fn decode<I: Input>(input: &mut I) -> Result<Self, scale::Error> {
            let mut metadata = Vec::new();
            while let Ok(byte) = input.read_byte() {
                metadata.push(byte);
            }
            let decimals = metadata.pop().ok_or("no decimals")?;
            Ok(Args { metadata, decimals })
        }
    }

    /// (For the generated constructor reference: the arguments as the library takes them.)
    impl Encode for Args {
        fn encode_to<T: scale::Output + ?Sized>(&self, dest: &mut T) {
            dest.write(&self.metadata);
            dest.push_byte(self.decimals);
        }
    }

    /// A storage value written as the bytes it is (no length prefix); never read here.
    struct Raw(Vec<u8>);

    impl ink::storage::traits::Storable for Raw {
        fn encode<T: scale::Output + ?Sized>(&self, dest: &mut T) {
            dest.write(&self.0);
        }
        fn decode<I: Input>(_: &mut I) -> Result<Self, scale::Error> {
            Err("the front never reads its metadata".into())
        }
        fn encoded_size(&self) -> usize {
            self.0.len()
        }
    }

    /// A message's answer, already SCALE-encoded.
    struct Encoded(Vec<u8>);

    impl Encode for Encoded {
        fn size_hint(&self) -> usize {
            self.0.len().saturating_add(1)
        }
        fn encode_to<T: scale::Output + ?Sized>(&self, dest: &mut T) {
            dest.push_byte(0); // `Ok` of ink!'s `MessageResult`
            dest.write(&self.0);
        }
    }

    /// Ends the call with a message's answer as ink! encodes it (`Ok` of the message's
    /// result), reverting when the result is an error, as ink! does. One instance for every
    /// answer keeps the code small.
    fn answer(revert: bool, encoded: Vec<u8>) -> ! {
        let flags = if revert {
            ReturnFlags::REVERT
        } else {
            ReturnFlags::empty()
        };
        ink::env::return_value::<Encoded>(flags, &Encoded(encoded))
    }

    /// Hands the call to the library: it answers in this bank's context, and with TAIL_CALL
    /// its output and revert flag are this call's; nothing here runs after it.
    fn cold() -> ! {
        let _ = build_call::<Environment>()
            .delegate(Hash::from(LIBRARY))
            .call_flags(CallFlags::FORWARD_INPUT | CallFlags::TAIL_CALL)
            .exec_input(ExecutionInput::new(Selector::new([0; 4])))
            .returns::<()>()
            .try_invoke();
        panic!("the library call failed")
    }

    impl Bank {
        /// A new bank owned by the caller. Locks the library's code, which it needs for
        /// every message it does not handle itself. Takes the library constructor's
        /// arguments (`name: Option<String>, symbol: Option<String>, decimals: u8`) as they
        /// come: the name and symbol are stored as the bytes given (their encoding is the
        /// stored metadata's), unchecked, and the library reads them back leniently; the
        /// front is spared their decoder.
        #[ink(constructor)]
        pub fn new(args: Args) -> Self {
            Self::env().lock_delegate_dependency(&Hash::from(LIBRARY));
            let bank = Self {
                ledger: Ledger::new(Self::env().caller()),
                decimals: args.decimals,
                metadata: Lazy::new(),
            };
            // Where `Lazy<Metadata>::set` would write, what it would write.
            ink::env::set_contract_storage(&bank.metadata.key(), &Raw(args.metadata));
            bank
        }

        /// The code hash of the library this bank hands its other messages to.
        #[ink(message, selector = @)]
        pub fn library(&self) -> Hash {
            Hash::from(LIBRARY)
        }

        /// Every other selector: the hot ones here, the rest in the library.
        #[ink(message, payable, selector = _)]
        pub fn dispatch(&mut self) {
            let call = match ink::env::decode_input::<Call>() {
                Ok(Call::Cold) | Err(_) => cold(),
                Ok(call) => call,
            };
            // The hot messages are not payable, as in the library.
            assert!(
                self.env().transferred_value() == 0,
                "paid an unpayable message"
            );
            let supply = self.ledger.supply;
            match call {
                // A leg that hands notes back calls the next bank: the library does those.
                Call::Hops(legs) if legs.iter().any(|l| l.settle != Settle::Issue) => cold(),
                Call::Hops(legs) => {
                    let result = hot::issue(&mut self.ledger, &legs);
                    self.commit(supply);
                    answer(result.is_err(), result.encode())
                }
                // A refused transfer wrote nothing: the library runs it again and answers
                // with the PSP22 error, whose text the front does not carry.
                Call::Transfer(to, value) => match hot::transfer(&mut self.ledger, to, value) {
                    Ok(()) => {
                        self.commit(supply);
                        answer(false, Ok::<(), ()>(()).encode())
                    }
                    Err(_) => cold(),
                },
                Call::LinesOf(holders) => answer(false, hot::lines_of(&self.ledger, &holders).encode()),
                Call::Cold => cold(),
            }
        }

        /// Writes the root (the supply lives there) when a call changed it: the answer
        /// ends the call before ink! would write it.
        fn commit(&self, supply: Balance) {
            if self.ledger.supply != supply {
                ink::env::set_contract_storage(
                    &<Self as ink::storage::traits::StorageKey>::KEY,
                    self,
                );
            }
        }
    }
}
