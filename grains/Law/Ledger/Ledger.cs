using System.Text.Json.Serialization;

namespace P4Orleans.Law;

/// <summary>
/// A dossier's debt by component, in integer euro cents. Immutable: every operation returns a new ledger.
/// Its persisted form is its totals and the entries not yet stored apart: a host appends each entry once to a table of
/// its own (numbered <see cref="FirstSeq"/>..<see cref="LastSeq"/>) and keeps only the totals in the state, so that the
/// state rewritten at every command does not grow with the payments. A ledger rebuilt from entries alone (no totals)
/// holds them all. A rebuild (<see cref="Restarted"/>) numbers its entries after the old ones and still holds the old
/// ones that were not stored yet, so that every entry ever made reaches the table once, as history. Every invariant is
/// checked in one place per form: entries when applied, totals when read.
/// </summary>
public sealed class Ledger
{
    // The components, in their declared order (0..n-1): what each still owes and what was charged on it, by the
    // component's value. Arrays, not dictionaries: a ledger lives in every active dossier, and a dictionary of eight
    // entries costs six times as much.
    private static readonly DebtComponent[] Components = Enum.GetValues<DebtComponent>();
    private readonly long[] outstanding = new long[Components.Length];
    private readonly long[] charged = new long[Components.Length];

    /// <summary>Rebuilds a ledger from all its entries (numbered from 1), checking every invariant.</summary>
    /// <exception cref="InvalidOperationException">An entry breaks an invariant.</exception>
    public Ledger(IReadOnlyList<LedgerEntry> entries)
        : this(null, entries)
    {
    }

    /// <summary>
    /// Reads a ledger in its persisted form: with <paramref name="totals"/>, the entries are those not yet stored apart,
    /// already counted in the totals; without (the form written before), the entries are all of them and are applied.
    /// </summary>
    /// <exception cref="InvalidOperationException">An entry or the totals break an invariant.</exception>
    [JsonConstructor]
    public Ledger(LedgerTotals? totals, IReadOnlyList<LedgerEntry>? entries)
    {
        entries ??= [];
        if (totals is null)
        {
            foreach (var entry in entries)
            {
                Apply(entry);
            }

            FirstSeq = 1;
            LastSeq = entries.Count;
        }
        else
        {
            Load(totals, entries.Count);
        }

        Entries = [.. entries];
    }

    // The ledger with one more entry: the totals moved by it, the entry kept until stored.
    private Ledger(Ledger basis, LedgerEntry added)
    {
        basis.outstanding.CopyTo(outstanding, 0);
        basis.charged.CopyTo(charged, 0);
        PaidCents = basis.PaidCents;
        OverpaymentCents = basis.OverpaymentCents;
        Apply(added);
        FirstSeq = basis.FirstSeq;
        LastSeq = basis.LastSeq + 1;
        Entries = [.. basis.Entries, added];
    }

    // The same totals with no entry held: all of them are stored (stored = true); or an empty ledger that starts
    // after the entries of the basis (a rebuild), still holding those of the basis not stored yet, as history.
    private Ledger(Ledger basis, bool stored)
    {
        if (stored)
        {
            basis.outstanding.CopyTo(outstanding, 0);
            basis.charged.CopyTo(charged, 0);
            PaidCents = basis.PaidCents;
            OverpaymentCents = basis.OverpaymentCents;
            FirstSeq = basis.FirstSeq;
        }
        else
        {
            FirstSeq = basis.LastSeq + 1;
        }

        LastSeq = basis.LastSeq;
        Entries = stored ? [] : basis.Entries;
    }

    /// <summary>A ledger with nothing charged.</summary>
    public static Ledger Empty { get; } = new([]);

    /// <summary>
    /// The entries not yet stored apart, in the order recorded (all of them for a ledger built from its entries),
    /// numbered <see cref="FirstHeldSeq"/>..<see cref="LastSeq"/>. After a rebuild, the first of them may be entries of
    /// the ledger it replaced, numbered before <see cref="FirstSeq"/>: history to store, not part of this ledger
    /// (<see cref="Current"/>).
    /// </summary>
    [JsonPropertyName("entries")]
    public IReadOnlyList<LedgerEntry> Entries { get; }

    /// <summary>The held entries that belong to this ledger (numbered from <see cref="FirstCurrentSeq"/>).</summary>
    [JsonIgnore]
    public IReadOnlyList<LedgerEntry> Current => FirstHeldSeq >= FirstSeq ? Entries : [.. Entries.Skip((int)(FirstSeq - FirstHeldSeq))];

    /// <summary>The number of the first entry in <see cref="Current"/> (<see cref="LastSeq"/> + 1 when it has none).</summary>
    [JsonIgnore]
    public long FirstCurrentSeq => Math.Max(FirstHeldSeq, FirstSeq);

    /// <summary>The totals, as persisted.</summary>
    [JsonPropertyName("totals")]
    public LedgerTotals Totals => new(FirstSeq, LastSeq, ByComponent(charged), ByComponent(outstanding), PaidCents, OverpaymentCents);

    /// <summary>The number of this ledger's first entry (a rebuild starts after the entries it replaces).</summary>
    [JsonIgnore]
    public long FirstSeq { get; private set; }

    /// <summary>The number of this ledger's last entry (<see cref="FirstSeq"/> - 1 when it has none).</summary>
    [JsonIgnore]
    public long LastSeq { get; private set; }

    /// <summary>The number of the first entry in <see cref="Entries"/>.</summary>
    [JsonIgnore]
    public long FirstHeldSeq => LastSeq - Entries.Count + 1;

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
    public long ChargedCents => charged.Sum();

    /// <summary>Total paid (including any overpayment).</summary>
    [JsonIgnore]
    public long PaidCents { get; private set; }

    /// <summary>Outstanding cents of <paramref name="component"/>.</summary>
    public long OutstandingOf(DebtComponent component) => outstanding[Index(component)];

    /// <summary>Cents charged on <paramref name="component"/>.</summary>
    public long ChargedOf(DebtComponent component) => charged[Index(component)];

    // A component's slot; a value outside the enum is refused as a dictionary would (never another component's slot).
    private static int Index(DebtComponent component) =>
        (uint)component < (uint)Components.Length ? (int)component : throw new KeyNotFoundException($"No debt component {component}.");

    /// <summary>The same ledger once its held entries are stored apart: the totals alone.</summary>
    public Ledger Stored() => Entries.Count == 0 ? this : new(this, stored: true);

    /// <summary>
    /// An empty ledger whose entries are numbered after this one's: a rebuild that replaces them. The entries of this one
    /// not stored yet stay held, to be stored as history.
    /// </summary>
    public Ledger Restarted() => new(this, stored: false);

    /// <summary>Adds <paramref name="cents"/> to <paramref name="component"/>.</summary>
    public Ledger Charge(DebtComponent component, long cents, DateOnly date, string? reference = null) =>
        new(this, new LedgerEntry(LedgerEntryKind.Charge, date, cents, component, Reference: reference));

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

        return new(this, new LedgerEntry(LedgerEntryKind.Payment, date, cents, Allocations: allocations,
            OverpaymentCents: Math.Max(0, left), RuleVersionId: rule.Id, Reference: reference));
    }

    private static Dictionary<DebtComponent, long> ByComponent(long[] values)
    {
        var map = new Dictionary<DebtComponent, long>();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] != 0)
            {
                map[Components[i]] = values[i];
            }
        }

        return map;
    }

    // The totals as read: what each component owes never exceeds what was charged on it, and what was imputed is
    // what was paid less the overpayment.
    private void Load(LedgerTotals totals, int held)
    {
        foreach (var (component, cents) in totals.Charged ?? new Dictionary<DebtComponent, long>())
        {
            charged[Index(component)] = cents;
        }

        foreach (var (component, cents) in totals.Outstanding ?? new Dictionary<DebtComponent, long>())
        {
            outstanding[Index(component)] = cents;
        }

        for (var i = 0; i < Components.Length; i++)
        {
            if (outstanding[i] < 0 || charged[i] < outstanding[i])
            {
                throw new InvalidOperationException($"A stored ledger owes {outstanding[i]} on {Components[i]}, of {charged[i]} charged.");
            }
        }

        if (totals.OverpaymentCents < 0 || totals.PaidCents < totals.OverpaymentCents
            || checked(charged.Sum() - outstanding.Sum()) != totals.PaidCents - totals.OverpaymentCents)
        {
            throw new InvalidOperationException(
                $"A stored ledger's payments ({totals.PaidCents}, {totals.OverpaymentCents} over) do not account for what it imputed.");
        }

        // Held entries are numbered up to the last; those before the first are a replaced ledger's, still to be stored.
        if (totals.FirstSeq < 1 || totals.LastSeq < totals.FirstSeq - 1 || held > totals.LastSeq)
        {
            throw new InvalidOperationException($"A stored ledger's entries {totals.FirstSeq}..{totals.LastSeq} cannot hold {held}.");
        }

        PaidCents = totals.PaidCents;
        OverpaymentCents = totals.OverpaymentCents;
        FirstSeq = totals.FirstSeq;
        LastSeq = totals.LastSeq;
    }

    // The one place where an entry's invariants are checked.
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
            charged[Index(component)] = checked(charged[Index(component)] + entry.AmountCents);
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

/// <summary>A ledger's persisted totals.</summary>
/// <param name="FirstSeq">The number of its first entry.</param>
/// <param name="LastSeq">The number of its last entry.</param>
/// <param name="Charged">Cents charged, by component (components with none left out).</param>
/// <param name="Outstanding">Cents still owed, by component (components with none left out).</param>
/// <param name="PaidCents">Total paid, overpayment included.</param>
/// <param name="OverpaymentCents">Paid beyond the debt.</param>
public sealed record LedgerTotals(
    [property: JsonPropertyName("firstSeq")] long FirstSeq,
    [property: JsonPropertyName("lastSeq")] long LastSeq,
    [property: JsonPropertyName("charged")] IReadOnlyDictionary<DebtComponent, long> Charged,
    [property: JsonPropertyName("outstanding")] IReadOnlyDictionary<DebtComponent, long> Outstanding,
    [property: JsonPropertyName("paidCents")] long PaidCents,
    [property: JsonPropertyName("overpaymentCents")] long OverpaymentCents)
{
    // Its fields are amounts of a debtor's debt: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}
