using System.Collections.Frozen;
using Stateless;
using Stateless.Graph;
using Stateless.Reflection;

namespace P4Orleans.Domain;

/// <summary>
/// A lifecycle as a Stateless state machine configuration: <c>Configure(state).Permit(command, target...)</c>.
/// A command may lead to several targets (the grain decides which by the facts, e.g. a payment leaves the
/// status as is or makes the dossier Paid): such a command is a Stateless dynamic transition whose possible
/// destinations are declared, so that both the checks and the exported diagram know them. The machines are
/// never fired: a grain's status lives in its state, and the table only answers what is permitted, which
/// keeps the model plain C# and the table safe to share between grains.
/// </summary>
public sealed class TransitionTable<TState, TCommand>
    where TState : struct, Enum
    where TCommand : struct, Enum
{
    private readonly List<StateConfiguration> declared = [];
    private readonly Lazy<Compiled> compiled;

    /// <summary>An empty table; configure it before the first question (it is built once, at that question).</summary>
    public TransitionTable() => compiled = new Lazy<Compiled>(Compile, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Starts or continues the configuration of <paramref name="state"/>.</summary>
    public StateConfiguration Configure(TState state)
    {
        if (compiled.IsValueCreated)
        {
            throw new InvalidOperationException("The table is already in use; configure it before its first question.");
        }

        var configuration = declared.Find(c => EqualityComparer<TState>.Default.Equals(c.State, state));
        if (configuration is null)
        {
            configuration = new StateConfiguration(state);
            declared.Add(configuration);
        }

        return configuration;
    }

    /// <summary>Commands allowed in <paramref name="state"/>, in declaration order: the commands Stateless can fire there.</summary>
    public IReadOnlyList<TCommand> Permitted(TState state)
    {
        // Stateless' own list of permitted triggers is asynchronous only; CanFire over the declared order is the same set.
        var configuration = declared.Find(c => EqualityComparer<TState>.Default.Equals(c.State, state));
        return configuration is null || !compiled.Value.Machines.TryGetValue(state, out var machine)
            ? []
            : [.. configuration.Permits.Select(p => p.Command).Where(machine.CanFire)];
    }

    /// <summary>True when <paramref name="command"/> is allowed in <paramref name="state"/> (Stateless' <c>CanFire</c>).</summary>
    public bool IsPermitted(TState state, TCommand command) =>
        compiled.Value.Machines.TryGetValue(state, out var machine) && machine.CanFire(command);

    /// <summary>Where <paramref name="command"/> may lead from <paramref name="state"/>; empty when not allowed.</summary>
    public IReadOnlyList<TState> TargetsOf(TState state, TCommand command) =>
        compiled.Value.Targets.TryGetValue((state, command), out var targets) ? targets : [];

    /// <summary>Every (state, command, target) row, read back from the machine's description, for documentation and tests.</summary>
    public IEnumerable<(TState From, TCommand Command, TState To)> Rows() => compiled.Value.Rows;

    /// <summary>The lifecycle as a Graphviz DOT graph (Stateless' UML export), starting at the first configured state.</summary>
    public string DotGraph() => UmlDotGraph.Format(compiled.Value.Machines[declared[0].State].GetInfo());

    private Compiled Compile()
    {
        if (declared.Count == 0)
        {
            throw new InvalidOperationException("The table configures no state.");
        }

        // One machine per state, each resting in that state: asking one is a read of a configuration that
        // nothing mutates after this point, so concurrent grains share them.
        var machines = declared.ToFrozenDictionary(c => c.State, c => Configured(c.State));
        var rows = Describe(machines[declared[0].State].GetInfo());
        var targets = rows
            .GroupBy(r => (r.From, r.Command))
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<TState>)[.. g.Select(r => r.To).Distinct()]);
        return new Compiled(machines, rows, targets);
    }

    private StateMachine<TState, TCommand> Configured(TState initial)
    {
        var machine = new StateMachine<TState, TCommand>(initial);
        foreach (var state in declared)
        {
            var configuration = machine.Configure(state.State);
            foreach (var (command, targets) in state.Permits)
            {
                if (targets is [var only] && EqualityComparer<TState>.Default.Equals(only, state.State))
                {
                    configuration.PermitReentry(command);
                }
                else if (targets is [var target])
                {
                    configuration.Permit(command, target);
                }
                else
                {
                    var possible = new DynamicStateInfos();
                    foreach (var possibleTarget in targets)
                    {
                        possible.Add(possibleTarget.ToString(), "by the facts");
                    }

                    // Never fired: the grain picks the target and EnsureTarget checks it against these destinations.
                    configuration.PermitDynamic(command, () => throw new InvalidOperationException("The grain chooses the target."),
                        "the grain decides", possible);
                }
            }
        }

        return machine;
    }

    private static IReadOnlyList<(TState From, TCommand Command, TState To)> Describe(StateMachineInfo info)
    {
        var rows = new List<(TState, TCommand, TState)>();
        foreach (var state in info.States)
        {
            var source = (TState)state.UnderlyingState;
            rows.AddRange(state.FixedTransitions.Select(t => (source, (TCommand)t.Trigger.UnderlyingTrigger, (TState)t.DestinationState.UnderlyingState)));
            rows.AddRange(
                from t in state.DynamicTransitions
                from destination in t.PossibleDestinationStates
                select (source, (TCommand)t.Trigger.UnderlyingTrigger, Enum.Parse<TState>(destination.DestinationState)));
        }

        return rows;
    }

    private sealed record Compiled(
        FrozenDictionary<TState, StateMachine<TState, TCommand>> Machines,
        IReadOnlyList<(TState From, TCommand Command, TState To)> Rows,
        FrozenDictionary<(TState, TCommand), IReadOnlyList<TState>> Targets);

    /// <summary>The permitted commands of one state, as declared (compiled into Stateless at the table's first question).</summary>
    public sealed class StateConfiguration(TState state)
    {
        private readonly List<(TCommand Command, List<TState> Targets)> permits = [];

        /// <summary>The configured state.</summary>
        public TState State { get; } = state;

        internal IEnumerable<(TCommand Command, List<TState> Targets)> Permits => permits;

        /// <summary>Allows <paramref name="command"/>, leading to one of <paramref name="targets"/>.</summary>
        public StateConfiguration Permit(TCommand command, params TState[] targets)
        {
            if (targets.Length == 0)
            {
                throw new ArgumentException("A permitted command needs at least one target.", nameof(targets));
            }

            var index = permits.FindIndex(p => EqualityComparer<TCommand>.Default.Equals(p.Command, command));
            if (index < 0)
            {
                permits.Add((command, []));
                index = permits.Count - 1;
            }

            var list = permits[index].Targets;
            list.AddRange(targets.Distinct().Where(t => !list.Contains(t)));
            return this;
        }

        /// <summary>Allows <paramref name="command"/>, staying in this state.</summary>
        public StateConfiguration PermitReentry(TCommand command) => Permit(command, State);
    }
}
