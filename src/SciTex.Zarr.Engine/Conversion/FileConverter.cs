using SciTex.Zarr.Engine.Stores;

namespace SciTex.Zarr.Engine.Conversion;

/// <summary>Converts one file into a directory store, all or nothing (see <see cref="ConversionTarget"/>).</summary>
public static class FileConverter
{
    /// <summary>
    /// An HDF5 file's root group or an .npz archive becomes the group <paramref name="groupKey"/> ("" = the store root);
    /// a .npy file becomes the array <c>&lt;groupKey&gt;/&lt;file name without extension&gt;</c>.
    /// </summary>
    public static ConversionResult Convert(string sourcePath, string storePath, string? groupKey, bool force, ConversionOptions options)
    {
        using var source = ConversionSources.Open(sourcePath, options);
        var key = TargetKey(source, groupKey);
        using var target = ConversionTarget.Begin(storePath, key, force, options.ZarrFormat, options.StoreOptions);
        var result = ZarrConverter.Convert(source, target.Store, target.Path, options with { ZarrFormat = target.ZarrFormat });
        target.Commit();
        return result with { Path = key };
    }

    /// <summary>The node path a file converts to (for -WhatIf messages and -PassThru).</summary>
    public static string TargetKey(IConversionSource source, string? groupKey)
    {
        var group = StoreKeys.NormalizePath(groupKey);
        return source.Root is ISourceDataset ? StoreKeys.Join(group, Path.GetFileNameWithoutExtension(source.FilePath)) : group;
    }
}
