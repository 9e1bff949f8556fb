using System.Collections;
using System.Text.Json.Nodes;
using SciTex.Zarr.Engine.Arrays;
using SciTex.Zarr.Engine.Chunking;
using SciTex.Zarr.Engine.Codecs;
using SciTex.Zarr.Engine.DataTypes;
using SciTex.Zarr.Engine.Errors;
using SciTex.Zarr.Engine.Hierarchy;
using SciTex.Zarr.Engine.Metadata;
using SciTex.Zarr.Engine.Stores;
using SciTex.Zarr.Engine.Stores.Staging;

namespace SciTex.Zarr.Engine.Values;

/// <summary>
/// Saves a tree of .NET values into a store. Everything is planned first (types mapped, chunk shapes chosen,
/// name clashes found) so that an unsupported value or an existing name fails before a single byte is written.
/// </summary>
public static class ValueWriter
{
    /// <summary>A planned node: a group with children, or an array with its data.</summary>
    public abstract record PlannedNode(string Path, JsonObject Attributes);
    public sealed record PlannedGroup(string Path, JsonObject Attributes, IReadOnlyList<PlannedNode> Children) : PlannedNode(Path, Attributes);
    /// <param name="Data">A .NET array of the data type's element type, or a <see cref="RecordArray"/> for a struct array.</param>
    public sealed record PlannedArray(string Path, JsonObject Attributes, ArrayMetadata Metadata, object Data) : PlannedNode(Path, Attributes);

    /// <summary>What a save will do; <see cref="Replaced"/> lists existing nodes it will overwrite (only with Force).</summary>
    public sealed record SavePlan(IZarrStore Store, string GroupPath, IReadOnlyList<PlannedNode> Nodes, IReadOnlyList<string> Replaced, SaveOptions Options)
    {
        /// <summary>The target group's member order to record (<see cref="ValueAttributes.MemberOrder"/>), or null to leave it.</summary>
        public JsonArray? TargetMemberOrder { get; init; }
    }

    /// <summary>Plans saving each entry of <paramref name="items"/> as a child of <paramref name="groupPath"/>.</summary>
    public static SavePlan Plan(IZarrStore store, string groupPath, IDictionary items, SaveOptions options)
    {
        groupPath = StoreKeys.NormalizePath(groupPath, store.Name);
        var parent = "";
        foreach (var segment in groupPath.Length == 0 ? [] : groupPath.Split('/'))
        {
            // Existing groups along -Key are kept as they are; only names this save would create must be writable.
            if (TryReadExisting(store, StoreKeys.Join(parent, segment)) is null) NodeName(segment, store, parent);
            parent = StoreKeys.Join(parent, segment);
        }
        if (groupPath.Length > 0) CheckPathLength(store, groupPath);
        CheckTargetGroup(store, groupPath, options);
        var nodes = new List<PlannedNode>();
        var replaced = new List<string>();
        var guard = new ValueGuard("the value to save");
        using var top = guard.Enter(items, "");
        foreach (DictionaryEntry entry in items)
        {
            var name = NodeName(entry.Key, store, groupPath);
            var path = StoreKeys.Join(groupPath, name);
            var existing = TryReadExisting(store, path);
            if (existing is not null)
            {
                if (!options.Force)
                    throw new ZarrException(ZarrErrorKind.NodeExists,
                        $"'{path}' already exists as {(existing is ArrayMetadata ? "an array" : "a group")}; use -Force to replace it. Nothing was written", store.Name, path);
                replaced.Add(path);
            }
            nodes.Add(PlanValue(entry.Value, path, name, options, store, guard, name));
        }
        CheckShapeOptions(nodes, groupPath, options, store);
        var scope = Dimensions.GroupScope.ForExisting(store, groupPath, new HashSet<string>(replaced.Concat(nodes.Select(n => n.Path)), StringComparer.Ordinal));
        nodes = NameDimensions(nodes, scope, "", options, store);
        return new SavePlan(store, groupPath, nodes, replaced, options) { TargetMemberOrder = TargetOrder(store, groupPath, items, options) };
    }

    /// <summary>
    /// Writes a plan (see docs/write-protocol.md). Every top-level node is first staged out of sight in full; only
    /// when all of them are complete are the target groups created and the nodes swapped in one by one. A node being
    /// replaced stays readable, unchanged, until its own swap; a failure while staging changes nothing in the store,
    /// and a crash at any instant leaves every node old or new. Consolidated metadata is withdrawn while nodes it
    /// describes are swapped and written again at the end.
    /// </summary>
    public static void Execute(SavePlan plan)
    {
        var store = plan.Store;
        var options = plan.Options;
        var totalChunks = plan.Nodes.Sum(CountChunks);
        long written = 0;
        var replacesTarget = plan.GroupPath.Length > 0 && options.Force && TryReadExisting(store, plan.GroupPath) is ArrayMetadata;
        var staged = new List<IStagedWrite>();
        try
        {
            if (replacesTarget)
            {
                // The array at the target becomes a group holding the new nodes: one staged write replaces it.
                var write = Begin(store, plan.GroupPath, staged);
                var group = new GroupMetadata(plan.GroupPath, options.ZarrFormat);
                MergeAttributes(group, options);
                if (plan.TargetMemberOrder is { } order) group.Attributes[ValueAttributes.MemberOrder] = order.DeepClone();
                NodeStore.Write(write.Store, group);
                foreach (var node in plan.Nodes) WriteNode(write.Store, node, options, totalChunks, ref written);
            }
            else
            {
                foreach (var node in plan.Nodes) WriteNode(Begin(store, node.Path, staged).Store, node, options, totalChunks, ref written);
            }

            var consolidated = plan.Replaced.Count > 0 || replacesTarget ? ConsolidatedMetadata.Withdraw(store) : ConsolidatedMetadata.IsPresent(store);
            if (replacesTarget) NodeStore.EnsureGroup(store, StoreKeys.Parent(plan.GroupPath), options.ZarrFormat);
            else
            {
                var target = NodeStore.EnsureGroup(store, plan.GroupPath, options.ZarrFormat);
                var changed = MergeAttributes(target, options);
                if (plan.TargetMemberOrder is { } order)
                {
                    target.Attributes[ValueAttributes.MemberOrder] = order.DeepClone();
                    changed = true;
                }
                if (changed) NodeStore.Write(store, target);
            }
            foreach (var write in staged) write.Commit();
            if (consolidated || options.Consolidate) ConsolidatedMetadata.Write(store);
            store.Flush();
        }
        finally
        {
            foreach (var write in staged) write.Dispose();
        }
    }

    private static IStagedWrite Begin(IZarrStore store, string path, List<IStagedWrite> staged)
    {
        var write = store.BeginNodeWrite(path);
        staged.Add(write);
        return write;
    }

    private static bool MergeAttributes(NodeMetadata group, SaveOptions options)
    {
        if (options.Attributes is not { Count: > 0 }) return false;
        foreach (var (key, value) in options.Attributes) group.Attributes[key] = value?.DeepClone();
        return true;
    }

    private static void WriteNode(IZarrStore store, PlannedNode node, SaveOptions options, long totalChunks, ref long written)
    {
        switch (node)
        {
            case PlannedGroup group:
                NodeStore.Write(store, new GroupMetadata(group.Path, options.ZarrFormat, group.Attributes));
                foreach (var child in group.Children) WriteNode(store, child, options, totalChunks, ref written);
                break;
            case PlannedArray array:
                NodeStore.Write(store, array.Metadata);
                var before = written;
                long done = 0;
                var progress = options.Progress;
                var zarr = new ZarrArray(store, array.Metadata)
                {
                    // Without a fill value (v2 null) a missing chunk reads as undefined: every chunk is stored.
                    WriteEmptyChunks = array.Metadata.FillValue.IsUndefined,
                    ChunkCompleted = progress is null ? null : () => progress(before + Interlocked.Increment(ref done), totalChunks),
                };
                var all = array.Metadata.Rank == 0 ? null : Selection.All(array.Metadata.Rank);
                if (array.Data is RecordArray records) zarr.WriteRecords(records, all);
                else zarr.Write((Array)array.Data, all);
                written += CountChunks(array);
                progress?.Invoke(written, totalChunks);
                break;
        }
    }

    private static long CountChunks(PlannedNode node) => node switch
    {
        PlannedGroup g => g.Children.Sum(CountChunks),
        PlannedArray a => a.Metadata.ChunkCount,
        _ => 0,
    };

    /// <summary>
    /// The member order to record for a group saved from <paramref name="dictionary"/>: its keys when it is ordered
    /// (anything but a Hashtable, whose order is arbitrary) and they are not already in name order, else null.
    /// </summary>
    private static JsonArray? MemberOrder(IDictionary dictionary)
    {
        if (dictionary is Hashtable || dictionary.Count < 2) return null;
        var names = dictionary.Keys.Cast<object?>().Select(k => k?.ToString() ?? "").ToList();
        return names.SequenceEqual(names.Order(StringComparer.Ordinal)) ? null : JsonHelpers.ToJsonArray(names);
    }

    /// <summary>
    /// The target group's order after the save: a new (or replaced) group takes the items' order; an existing group
    /// that records an order gets the new names appended; one that records none keeps name order.
    /// </summary>
    private static JsonArray? TargetOrder(IZarrStore store, string groupPath, IDictionary items, SaveOptions options)
    {
        var existing = TryReadExisting(store, groupPath);
        if (existing is not GroupMetadata) return MemberOrder(items);
        if (existing.Attributes[ValueAttributes.MemberOrder] is not JsonArray recorded) return null;
        var names = recorded.Select(n => n?.ToString() ?? "").ToList();
        foreach (var key in items.Keys) if (!names.Contains(key?.ToString() ?? "")) names.Add(key?.ToString() ?? "");
        return JsonHelpers.ToJsonArray(names);
    }

    /// <summary>Every planned node, depth first (groups before their members).</summary>
    public static IEnumerable<PlannedNode> AllNodes(IEnumerable<PlannedNode> nodes)
    {
        foreach (var node in nodes)
        {
            yield return node;
            if (node is PlannedGroup group)
                foreach (var child in AllNodes(group.Children)) yield return child;
        }
    }

    /// <summary>
    /// -ChunkShape/-ShardShape must each apply to something: a key of a chunk-shape table names an array this save
    /// writes, a common shape (and a shard shape) matches the rank of at least one array. Checked after planning,
    /// before anything is written; a shape that applies to nothing would otherwise be ignored silently.
    /// </summary>
    private static void CheckShapeOptions(IReadOnlyList<PlannedNode> nodes, string groupPath, SaveOptions options, IZarrStore store)
    {
        string Relative(string path) => groupPath.Length == 0 ? path : path.Length == groupPath.Length ? "" : path[(groupPath.Length + 1)..];
        var arrays = AllNodes(nodes).OfType<PlannedArray>()
            .Where(a => a.Metadata.Rank > 0 && !a.Attributes.ContainsKey(ValueAttributes.Type))
            .Select(a => (Key: Relative(a.Path), a.Metadata.Rank)).ToList();
        var listing = arrays.Count == 0 ? "it writes no chunked arrays" : $"its arrays: {string.Join(", ", arrays.Take(10).Select(a => $"'{a.Key}' ({a.Rank}-D)"))}{(arrays.Count > 10 ? ", …" : "")}";
        var where = groupPath.Length == 0 ? "/" : groupPath;
        if (options.ChunkShapes is { } byKey)
            foreach (var key in byKey.Keys)
                if (!arrays.Any(a => a.Key == key || StoreKeys.LastSegment(a.Key) == key))
                    throw new ZarrException(ZarrErrorKind.InvalidChunkShape,
                        $"-ChunkShape names '{key}', but this save writes no array of that key or name ({listing}); check the spelling. Nothing was written", store.Name, where);
        if (options.ChunkShape is { } common && !arrays.Any(a => a.Rank == common.Length))
            throw new ZarrException(ZarrErrorKind.InvalidChunkShape,
                $"-ChunkShape [{string.Join(", ", common)}] has {common.Length} dimension(s) but no array of this save has {common.Length} ({listing}); give one size per dimension, or a hashtable of key → shape. Nothing was written", store.Name, where);
        if (options.ShardShape is { } shard && !arrays.Any(a => a.Rank == shard.Length))
            throw new ZarrException(ZarrErrorKind.InvalidChunkShape,
                $"-ShardShape [{string.Join(", ", shard)}] has {shard.Length} dimension(s) but no array of this save has {shard.Length} ({listing}). Nothing was written", store.Name, where);
    }

    private static void CheckTargetGroup(IZarrStore store, string groupPath, SaveOptions options)
    {
        // Every ancestor must be a group (or absent); an array in the way is only replaced with Force, and only the target itself.
        var current = "";
        var segments = groupPath.Length == 0 ? [] : groupPath.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            current = StoreKeys.Join(current, segments[i]);
            var existing = TryReadExisting(store, current);
            if (existing is ArrayMetadata && !(options.Force && i == segments.Length - 1))
                throw new ZarrException(i == segments.Length - 1 ? ZarrErrorKind.NodeExists : ZarrErrorKind.NotAGroup, $"'{current}' is an array, so nothing can be saved inside it{(i == segments.Length - 1 ? "; use -Force to replace it with a group" : "")}. Nothing was written", store.Name, current);
            if (existing is not null && existing.ZarrFormat != options.ZarrFormat)
                throw new ZarrException(ZarrErrorKind.InvalidArgument,
                    $"'{(current.Length == 0 ? "/" : current)}' is Zarr format {existing.ZarrFormat}; saving format {options.ZarrFormat} nodes into it would mix formats. Use -ZarrFormat {existing.ZarrFormat}", store.Name, current);
        }
        var root = TryReadExisting(store, "");
        if (root is not null && root.ZarrFormat != options.ZarrFormat)
            throw new ZarrException(ZarrErrorKind.InvalidArgument,
                $"The store is Zarr format {root.ZarrFormat}; saving format {options.ZarrFormat} nodes into it would mix formats. Use -ZarrFormat {root.ZarrFormat}", store.Name, "/");
        if (root is ArrayMetadata)
            throw new ZarrException(ZarrErrorKind.NotAGroup, "The store's root is an array, not a group, so nothing can be saved into the store", store.Name, "/");
    }

    private static NodeMetadata? TryReadExisting(IZarrStore store, string path)
    {
        try { return NodeStore.TryRead(store, path); }
        catch (ZarrException) { return null; }
    }

    /// <summary>A node name, checked against every rule a write could fail on later (<see cref="StoreKeys.NodeNameProblem"/>).</summary>
    private static string NodeName(object? key, IZarrStore store, string groupPath) =>
        StoreKeys.ValidateNodeName(key?.ToString() ?? "", store, groupPath);

    /// <summary>
    /// The longest file path a node writes must fit the platform (PATH_MAX on Linux and macOS): a directory store
    /// would otherwise fail half-way through the save. Checked for every planned node, before anything is written.
    /// </summary>
    private static void CheckPathLength(IZarrStore store, string path)
    {
        if (store is not DirectoryStore directory || OperatingSystem.IsWindows()) return;
        var limit = OperatingSystem.IsMacOS() ? 1024 : 4096;
        // Room for the deepest document or chunk key below the node and DirectoryStore's temporary-file suffix.
        const int Slack = 96;
        var bytes = System.Text.Encoding.UTF8.GetByteCount(directory.Root) + 1 + System.Text.Encoding.UTF8.GetByteCount(path) + Slack;
        if (bytes > limit)
            throw new ZarrException(ZarrErrorKind.InvalidKey,
                $"The node's file path would be about {bytes} bytes, longer than this platform's {limit}-byte limit; use shorter names or a shallower tree. Nothing was written",
                store.Name, StoreKeys.Printable(path));
    }

    private static PlannedNode PlanValue(object? value, string path, string relativeKey, SaveOptions options, IZarrStore store, ValueGuard guard, string segment)
    {
        CheckPathLength(store, path);
        var attributes = new JsonObject();
        if (value is AttributedValue attributed)
        {
            // An imported value saved again: its node gets the attributes it came with (explicit ones below win).
            value = attributed.Value;
            foreach (var (key, attribute) in attributed.Attributes) attributes[key] = attribute?.DeepClone();
        }
        if (options.NodeAttributes?.GetValueOrDefault(relativeKey) is { } explicitAttributes)
            foreach (var (key, attribute) in explicitAttributes) attributes[key] = attribute?.DeepClone();
        switch (value)
        {
            case IDictionary dictionary:
            {
                // Groups nest as deep as the value does: the guard bounds the depth (and refuses cycles) in the plan.
                using var scope = guard.Enter(dictionary, segment);
                var children = new List<PlannedNode>();
                foreach (DictionaryEntry entry in dictionary)
                {
                    var name = NodeName(entry.Key, store, path);
                    children.Add(PlanValue(entry.Value, StoreKeys.Join(path, name), StoreKeys.Join(relativeKey, name), options, store, guard, name));
                }
                if (MemberOrder(dictionary) is { } order) attributes[ValueAttributes.MemberOrder] = order;
                return new PlannedGroup(path, attributes, NameDimensions(children, new Dimensions.GroupScope(store.Name), relativeKey, options, store));
            }
            case TableValue table:
            {
                attributes[TableValue.MarkerAttribute] = JsonHelpers.ToJsonArray(table.Names);
                var children = table.Names.Select((n, i) => (PlannedNode)PlanArray(table.Columns[i], StoreKeys.Join(path, NodeName(n, store, path)), StoreKeys.Join(relativeKey, n), new JsonObject(), options, store)).ToList();
                return new PlannedGroup(path, attributes, NameDimensions(children, new Dimensions.GroupScope(store.Name), relativeKey, options, store));
            }
            case RecordArray records:
                return PlanRecords(records, path, relativeKey, attributes, options, store);
            case Array array when array.GetType().GetElementType() != typeof(object) || IsHomogeneous(array):
                return PlanArray(array, path, relativeKey, attributes, options, store);
            case not null when ZarrDataType.FromClrType(value.GetType()) is not null || TimeValues.IsTimeType(value.GetType()):
            {
                var single = Array.CreateInstance(value.GetType(), 1);
                single.SetValue(value, 0);
                return PlanArray(single, path, relativeKey, attributes, options, store, scalar: true);
            }
            default:
                return PlanPickled(value, path, attributes, options, store);
        }
    }

    /// <summary>
    /// Values with no native Zarr type ($null, mixed lists, …) are stored the way SciTeX stores them: a pickle in a
    /// 1-D uint8 array marked <c>_type: pickled</c>, which SciTeX's Python loader and Import-Zarr both restore.
    /// </summary>
    private static PlannedArray PlanPickled(object? value, string path, JsonObject attributes, SaveOptions options, IZarrStore store)
    {
        byte[] pickle;
        try
        {
            pickle = PickledValues.Pickle(value);
        }
        catch (ZarrException e) when (e.Kind == ZarrErrorKind.UnsupportedValue)
        {
            if (options.Serializer is { } serializer && value is not null)
            {
                // Opt-in (Save-Zarr -UseCliXml): the caller's own serialization, as a string marked with its format.
                var (format, text) = serializer(value);
                attributes[ValueAttributes.Type] = format;
                return PlanArray(new[] { text }, path, path, attributes, options, store, scalar: true);
            }
            throw UnsupportedValue(value, path, store, inner: e);
        }
        attributes[ValueAttributes.Type] = ValueAttributes.Pickled;
        if (PickledValues.ItemTypes(value) is { } itemTypes) attributes[ValueAttributes.ClrItemTypes] = itemTypes;
        long[] shape = [pickle.Length];
        var chunks = ChunkShapeGuess.Guess(shape, 1);
        var metadata = new ArrayMetadata(path, options.ZarrFormat, shape, chunks, ZarrDataType.UInt8, DefaultFill(ZarrDataType.UInt8, options.ZarrFormat),
            options.ZarrFormat == 3 ? ChunkKeyEncoding.DefaultSlash : ChunkKeyEncoding.V2Dot,
            new CodecChain([], new BytesCodec(bigEndian: false), options.Compressor.CreateCodecs(ZarrDataType.UInt8, chunks, options.ZarrFormat)), attributes);
        return new PlannedArray(path, attributes, metadata, pickle);
    }

    private static bool IsHomogeneous(Array array)
    {
        Type? common = null;
        foreach (var item in array)
        {
            var type = item?.GetType();
            if (type is null || (ZarrDataType.FromClrType(type) is null && !TimeValues.IsTimeType(type)) || (common is not null && common != type)) return false;
            common = type;
        }
        return true;
    }

    private static PlannedArray PlanArray(Array data, string path, string relativeKey, JsonObject attributes, SaveOptions options, IZarrStore store, bool scalar = false)
    {
        var elementType = data.GetType().GetElementType()!;
        if (elementType == typeof(object)) (data, elementType) = NarrowObjectArray(data, path, store, attributes);
        ZarrDataType? dataType;
        FillValue? fill = null;
        if (options.CFTime && (elementType == typeof(DateTime) || elementType == typeof(DateTime?)))
        {
            // CF time (what xarray writes for datetime64): int64 counts since 1970-01-01, nulls as NaT marked _FillValue.
            var (stored, units, hasMissing) = CfConventions.EncodeTime(data, store.Name, path);
            (data, dataType) = (stored, ZarrDataType.Int64);
            attributes[CfConventions.Units] = units;
            attributes[CfConventions.Calendar] = CfConventions.ProlepticGregorian;
            if (hasMissing)
            {
                fill = FillValue.FromRaw(BitConverter.GetBytes(CfConventions.MissingTime));
                if (options.ZarrFormat == 3) attributes[CfConventions.FillValueAttribute] = CfConventions.MissingTime;
            }
        }
        else if (TimeValues.IsTimeType(elementType)) (data, dataType) = TimeValues.ToStored(data);
        else dataType = ZarrDataType.FromClrType(elementType) ?? throw UnsupportedValue(data, path, store);
        long[] shape = scalar ? [] : Enumerable.Range(0, data.Rank).Select(d => (long)data.GetLength(d)).ToArray();
        var (chunks, requestedChunks) = scalar ? ([], null) : ChooseChunks(shape, dataType, relativeKey, options, path, store);
        // Filters (-Filter) apply to real arrays; scalars are a few bytes, and compressing them only costs time.
        var (filters, serializer, bytesFilters, encodedType) = (scalar ? FilterSpec.None : options.Filters).Build(dataType, chunks, store.Name, path);
        IReadOnlyList<IBytesToBytesCodec> compressors = scalar ? [] : [.. bytesFilters, .. options.Compressor.CreateCodecs(encodedType, chunks, options.ZarrFormat)];
        var encoding = options.ZarrFormat == 3 ? ChunkKeyEncoding.DefaultSlash : ChunkKeyEncoding.V2Dot;
        ArrayMetadata metadata;
        if (!scalar && options.ShardShape is { } shardShape && shardShape.Length == shape.Length)
        {
            int[] shards;
            (shards, chunks) = ShardShapeFor(shardShape, chunks, requestedChunks, shape, options, path, store);
            (filters, serializer, bytesFilters, encodedType) = options.Filters.Build(dataType, chunks, store.Name, path);
            compressors = [.. bytesFilters, .. options.Compressor.CreateCodecs(encodedType, chunks, options.ZarrFormat)];
            metadata = new ArrayMetadata(path, 3, shape, shards, dataType, fill ?? FillValue.Default(dataType), encoding,
                new CodecChain([], new Codecs.Sharding.ShardingCodec(dataType, chunks, new CodecChain(filters, serializer, compressors),
                    Codecs.Sharding.ShardingCodec.DefaultIndexCodecs()), []), attributes);
        }
        else
        {
            metadata = new ArrayMetadata(path, options.ZarrFormat, shape, chunks, dataType, fill ?? DefaultFill(dataType, options.ZarrFormat), encoding,
                new CodecChain(filters, serializer, compressors), attributes);
        }
        // A write that would plan more chunks than one operation may fails here, not half-way through Execute.
        if (!scalar) ChunkProjector.CheckChunkCount(metadata.Shape.Select(d => new ResolvedAxis(0, 1, d, false)).ToArray(), metadata.ChunkShape);
        return new PlannedArray(path, attributes, metadata, data);
    }

    /// <summary>
    /// The fill value of a new array. v3: zero (false, ""). v2: what xarray writes, because xarray reads a v2 fill_value as
    /// _FillValue and masks the elements equal to it: NaN for floats, none (null) for everything else, so zeros stay zeros.
    /// </summary>
    /// <summary>A struct array (Save-Zarr -AsStructured): packed records, little-endian, with the usual chunking and compressor.</summary>
    private static PlannedArray PlanRecords(RecordArray records, string path, string relativeKey, JsonObject attributes, SaveOptions options, IZarrStore store)
    {
        var dataType = records.Type;
        if (options.ZarrFormat == 3) dataType.ToV3Json(); // a sub-array field has no v3 form: fail in the plan, before anything is written
        var shape = records.Shape;
        var scalar = shape.Length == 0;
        var (chunks, _) = scalar ? ([], null) : ChooseChunks(shape, dataType, relativeKey, options, path, store);
        var compressors = scalar ? [] : options.Compressor.CreateCodecs(dataType, chunks, options.ZarrFormat);
        var metadata = new ArrayMetadata(path, options.ZarrFormat, shape, chunks, dataType, FillValue.Default(dataType),
            options.ZarrFormat == 3 ? ChunkKeyEncoding.DefaultSlash : ChunkKeyEncoding.V2Dot,
            new CodecChain([], new BytesCodec(bigEndian: false), compressors), attributes);
        if (!scalar) ChunkProjector.CheckChunkCount(metadata.Shape.Select(d => new ResolvedAxis(0, 1, d, false)).ToArray(), metadata.ChunkShape);
        return new PlannedArray(path, attributes, metadata, records);
    }

    private static FillValue DefaultFill(ZarrDataType dataType, int zarrFormat) =>
        zarrFormat == 3 ? FillValue.Default(dataType)
        : dataType.Kind == DataTypeKind.Float ? FillValue.Parse(System.Text.Json.Nodes.JsonValue.Create("NaN"), dataType, v2: true)
        : FillValue.Undefined(dataType);

    /// <summary>
    /// Names the dimensions of a group's planned arrays (<see cref="Dimensions.GroupScope"/>): names the user gave first,
    /// then the rest in name order. v3 arrays get <c>dimension_names</c>, v2 arrays the <c>_ARRAY_DIMENSIONS</c> attribute.
    /// </summary>
    private static List<PlannedNode> NameDimensions(List<PlannedNode> children, Dimensions.GroupScope scope, string parentKey, SaveOptions options, IZarrStore store)
    {
        var names = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var array in children.OfType<PlannedArray>())
        {
            var key = StoreKeys.Join(parentKey, StoreKeys.LastSegment(array.Path));
            var rank = array.Metadata.Rank;
            var given = options.DimensionNamesByKey?.GetValueOrDefault(key) ?? options.DimensionNamesByKey?.GetValueOrDefault(StoreKeys.LastSegment(key));
            if (given is not null) given = Dimensions.Validate(given, rank, key, store.Name, array.Path);
            else if (options.DimensionNames is { } common && common.Length == rank && rank > 0) given = Dimensions.Validate(common, rank, key, store.Name, array.Path);
            if (given is null) continue;
            scope.Claim(given, array.Metadata.Shape, array.Path);
            names[array.Path] = given;
        }
        foreach (var array in children.OfType<PlannedArray>().Where(a => !names.ContainsKey(a.Path)).OrderBy(a => a.Path, StringComparer.Ordinal))
            names[array.Path] = scope.Assign(StoreKeys.LastSegment(array.Path), array.Metadata.Shape);
        return children.Select(node => node is PlannedArray array ? WithDimensions(array, names[array.Path]) : node).ToList();
    }

    private static PlannedArray WithDimensions(PlannedArray array, string[] names)
    {
        var m = array.Metadata;
        if (m.ZarrFormat == 2) m.Attributes[Dimensions.ArrayDimensionsAttribute] = JsonHelpers.ToJsonArray(names);
        var named = new ArrayMetadata(m.Path, m.ZarrFormat, m.Shape, m.ChunkShape, m.DataType, m.FillValue, m.ChunkKeyEncoding, m.Codecs, m.Attributes,
            m.ZarrFormat == 3 ? names : null);
        return array with { Metadata = named };
    }

    /// <summary>
    /// Shards must hold whole chunks. With an explicit chunk shape, a shard dimension that is not a multiple of it is a
    /// named error; with the automatic chunk shape, each chunk dimension shrinks to the largest divisor of the shard's.
    /// A shard longer than the array is cut to the array's extent (rounded up to whole chunks).
    /// </summary>
    private static (int[] Shards, int[] Chunks) ShardShapeFor(int[] requested, int[] chunks, int[]? requestedChunks, long[] shape, SaveOptions options, string path, IZarrStore store)
    {
        if (options.ZarrFormat != 3)
            throw new ZarrException(ZarrErrorKind.InvalidChunkShape, "Sharding needs Zarr format 3 (-ZarrFormat 3)", store.Name, path);
        if (requested.Any(s => s <= 0))
            throw new ZarrException(ZarrErrorKind.InvalidChunkShape, $"Shard shape [{string.Join(", ", requested)}] must be positive", store.Name, path);
        if (requestedChunks is not null)
        {
            if (requested.Where((s, i) => s % requestedChunks[i] != 0).Any())
                throw new ZarrException(ZarrErrorKind.InvalidChunkShape,
                    $"-ShardShape [{string.Join(", ", requested)}] is not a multiple of the chunk shape [{string.Join(", ", requestedChunks)}] in every dimension; each shard holds whole chunks (e.g. -ShardShape {string.Join(",", requestedChunks.Select(c => c * 2))}). Nothing was written",
                    store.Name, path);
        }
        else
        {
            chunks = chunks.Select((c, i) => LargestDivisorAtMost(requested[i], c)).ToArray();
        }
        var shards = requested.Select((s, i) =>
        {
            var capped = (int)Math.Min(s, Math.Max(shape[i], 1));
            return (capped + chunks[i] - 1) / chunks[i] * chunks[i];
        }).ToArray();
        return (shards, chunks);
    }

    private static int LargestDivisorAtMost(int n, int limit)
    {
        for (var d = Math.Min(n, limit); d > 1; d--)
            if (n % d == 0) return d;
        return 1;
    }

    /// <summary>The chunk shape for an array, and the shape the user asked for (null when it was chosen automatically).</summary>
    private static (int[] Chunks, int[]? Requested) ChooseChunks(long[] shape, ZarrDataType dataType, string relativeKey, SaveOptions options, string path, IZarrStore store)
    {
        int[]? chosen = null;
        if (options.ChunkShapes is { } byKey)
        {
            chosen = byKey.GetValueOrDefault(relativeKey) ?? byKey.GetValueOrDefault(StoreKeys.LastSegment(relativeKey));
            if (chosen is not null && chosen.Length != shape.Length)
                throw new ZarrException(ZarrErrorKind.InvalidChunkShape, $"Chunk shape [{string.Join(", ", chosen)}] for '{relativeKey}' has {chosen.Length} dimensions but the array has {shape.Length}. Nothing was written", store.Name, path);
        }
        if (chosen is null && options.ChunkShape is { } common && common.Length == shape.Length) chosen = common;
        if (chosen is null) return (ChunkShapeGuess.Guess(shape, Math.Max(dataType.ItemSize, 16)), null);
        if (chosen.Any(c => c <= 0))
            throw new ZarrException(ZarrErrorKind.InvalidChunkShape, $"Chunk shape [{string.Join(", ", chosen)}] must be positive. Nothing was written", store.Name, path);
        // A chunk longer than the axis only wastes padding.
        return (chosen.Select((c, i) => (int)Math.Min(c, Math.Max(shape[i], 1))).ToArray(), chosen);
    }

    /// <summary>object[] whose items all share one supported type becomes a typed array, marked so it loads back as object[].</summary>
    private static (Array, Type) NarrowObjectArray(Array data, string path, IZarrStore store, JsonObject attributes)
    {
        Type? common = null;
        foreach (var item in data) common ??= item!.GetType();
        common ??= typeof(double);
        attributes[ValueAttributes.ClrType] = ValueAttributes.ObjectArray;
        return (ElementLayout.Map(data, common), common);
    }

    internal static ZarrException UnsupportedValue(object? value, string path, IZarrStore store, Exception? inner = null) => new(
        ZarrErrorKind.UnsupportedValue,
        $"Cannot save a value of type {value?.GetType().FullName ?? "null"} at '{path}'. Supported: bool, integers (sbyte..ulong), Half, float, double, Complex, string, DateTime, TimeSpan " +
        "(as scalars or typed arrays of any rank), lists (one type → typed array; mixed or with $null → pickled like SciTeX), $null (pickled), " +
        "hashtables/ordered dictionaries/PSCustomObjects (groups) and records (tables)",
        store.Name, path, inner);
}
