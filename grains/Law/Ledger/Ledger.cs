using System.Text.Json.Serialization;

namespace P4Orleans.Law;

/// <summary>
/// A dossier's debt by component, in integer euro cents. Immutable: every operation returns a new ledger.
/// Its persisted form is the list of entries; balances are derived from them, and every invariant is
/// checked in one place, the constructor (also on deserialisation).
/// </summary>
public sealed class Ledger
{
    // The components, in their declared order (0..n-1): what each still owes, by the component's value. An array, not
    // a dictionary: a ledger lives in every active dossier, and a dictionary of eight entries costs six times as much.
    private static readonly DebtComponent[] Components = Enum.GetValues<DebtComponent>();
    private readonly long[] outstanding = new long[Components.Length];

    /// <summary>Rebuilds a ledger from its entries, checking every invariant.</summary>
    /// <exception cref="InvalidOperationException">An entry breaks an invariant.</exception>
    [JsonConstructor]
    public Ledger(IReadOnlyList<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            Apply(entry);
        }

        Entries = [.. entries];
    }

    /// <summary>A ledger with nothing charged.</summary>
    public static Ledger Empty { get; } = new([]);

    /// <summary>Every charge and payment, in the order recorded.</summary>
    [JsonPropertyName("entries")]
    public IReadOnlyList<LedgerEntry> Entries { get; }

    /// <summary>Outstanding cents per component, every component in its declared order (made at each call).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<DebtComponent, long> Outstanding => Components.ToDictionary(c => c, OutstandingOf);

    /// <summary>Total outstanding, all components.</summary>
    [JsonIgnore]
    public long BalanceCents => outstanding.Sum();

    /// <summary>Cents paid beyond the debt: reported apart, never lost nor imputed silently.</summary>
    [JsonIgnore]
    public long OverpaymentCents { get; private set; }

    /// <summary>Total charged.</summary>
    [JsonIgnore]
    public long ChargedCents { get; private set; }

    /// <summary>Total paid (including any overpayment).</summary>
    [JsonIgnore]
    public long PaidCents { get; private set; }

    /// <summary>Outstanding cents of <paramref name="component"/>.</summary>
    public long OutstandingOf(DebtComponent component) => outstanding[Index(component)];

    // A component's slot; a value outside the enum is refused as a dictionary would (never another component's slot).
    private static int Index(DebtComponent component) =>
        (uint)component < (uint)Components.Length ? (int)component : throw new KeyNotFoundException($"No debt component {component}.");

    /// <summary>Adds <paramref name="cents"/> to <paramref name="component"/>.</summary>
    public Ledger Charge(DebtComponent component, long cents, DateOnly date, string? reference = null) =>
        new([.. Entries, new LedgerEntry(LedgerEntryKind.Charge, date, cents, component, Reference: reference)]);

    /// <summary>Imputes a payment with the imputation rule in force on <paramref name="date"/>.</summary>
    public Ledger ApplyPayment(long cents, DateOnly date, string? reference = null) =>
        ApplyPayment(cents, date, ImputationRules.Default.InForceOn(date), reference);

    /// <summary>Imputes a payment in the order of <paramref name="rule"/>; what exceeds the debt is an overpayment.</summary>
    public Ledger ApplyPayment(long cents, DateOnly date, ImputationRule rule, string? reference = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var left = cents;
        var allocations = new List<Allocation>();
        foreach (var component in rule.Order)
        {
            var take = Math.Min(left, outstanding[Index(component)]);
            if (take > 0)
            {
                allocations.Add(new Allocation(component, take));
                left -= take;
            }
        }

        return new([.. Entries, new LedgerEntry(LedgerEntryKind.Payment, date, cents, Allocations: allocations,
            OverpaymentCents: Math.Max(0, left), RuleVersionId: rule.Id, Reference: reference)]);
    }

    // The one place where invariants are checked.
    private void Apply(LedgerEntry entry)
    {
        if (entry.AmountCents <= 0)
        {
            throw new InvalidOperationException($"A ledger entry of {entry.Date:yyyy-MM-dd} must have a positive amount, not {entry.AmountCents}.");
        }

        if (entry.Kind == LedgerEntryKind.Charge)
        {
            if (entry.Component is not { } component || entry.Allocations is { Count: > 0 } || entry.OverpaymentCents != 0)
            {
                throw new InvalidOperationException($"A charge of {entry.Date:yyyy-MM-dd} needs a component and no allocation.");
            }

            outstanding[Index(component)] = checked(outstanding[Index(component)] + entry.AmountCents);
            ChargedCents = checked(ChargedCents + entry.AmountCents);
            return;
        }

        var allocated = 0L;
        foreach (var allocation in entry.Allocations ?? [])
        {
            if (allocation.AmountCents <= 0 || allocation.AmountCents > outstanding[Index(allocation.Component)])
            {
                throw new InvalidOperationException(
                    $"A payment of {entry.Date:yyyy-MM-dd} imputes {allocation.AmountCents} on {allocation.Component}, which owes {outstanding[Index(allocation.Component)]}.");
            }

            outstanding[Index(allocation.Component)] -= allocation.AmountCents;
            allocated += allocation.AmountCents;
        }

        if (entry.OverpaymentCents < 0 || allocated + entry.OverpaymentCents != entry.AmountCents)
        {
            throw new InvalidOperationException($"A payment of {entry.Date:yyyy-MM-dd} is not fully accounted for: {allocated} imputed + {entry.OverpaymentCents} over != {entry.AmountCents}.");
        }

        if (entry.OverpaymentCents > 0 && outstanding.Any(v => v > 0))
        {
            throw new InvalidOperationException($"A payment of {entry.Date:yyyy-MM-dd} reports an overpayment while debt remains.");
        }

        OverpaymentCents = checked(OverpaymentCents + entry.OverpaymentCents);
        PaidCents = checked(PaidCents + entry.AmountCents);
    }
}
