@{
    # The module version lives here and only here; Directory.Build.props reads it for the assemblies.
    ModuleVersion        = '0.1.0'
    RootModule           = 'SciTex.Zarr.PowerShell.dll'
    GUID                 = '5b0c3a3e-8d6c-4a55-9a43-2f3f2d7c1e21'
    Author               = 'SciTex.Zarr contributors'
    CompanyName          = 'SciTex'
    Copyright            = '(c) SciTex.Zarr contributors. MIT licence.'
    Description          = 'Save, explore and slice Zarr (v2 and v3) hierarchical array stores from PowerShell, with a pure .NET Zarr engine.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('SciTex.Zarr.Format.ps1xml')
    TypesToProcess       = @('SciTex.Zarr.Types.ps1xml')
    CmdletsToExport      = @('Save-Zarr', 'Import-Zarr', 'Get-ZarrTree', 'Get-ZarrSlice', 'Set-ZarrAttribute', 'Test-Zarr', 'ConvertTo-Zarr', 'New-ZarrArray', 'Set-ZarrSlice', 'Add-ZarrSlice', 'Resize-ZarrArray', 'Remove-ZarrNode', 'Copy-ZarrNode', 'Move-ZarrNode')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Zarr', 'Array', 'Scientific', 'HDF5', 'Compression', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            # The newest CHANGELOG.md section, word for word (tests/Pester/Module.Tests.ps1 checks it).
            ReleaseNotes = @'
- First release: Save-Zarr, Import-Zarr, Get-ZarrTree, Get-ZarrSlice, Set-ZarrAttribute, Test-Zarr and ConvertTo-Zarr
  over a pure .NET Zarr engine (v2 and v3; directory and zip stores; bytes, transpose, zstd, gzip, zlib, lz4, Blosc,
  crc32c, vlen and sharding codecs; consolidated metadata).
- HDF5, .npy and .npz migration with ConvertTo-Zarr, in bounded memory.
- Third-party assemblies load in a private AssemblyLoadContext, so other modules' versions do not clash.
- Help for every cmdlet, checked against the cmdlets' parameter metadata, and the about_SciTex.Zarr topic.
- The embedded host is the real pwsh console (Microsoft.PowerShell.SDK) with the module imported.
- Never a torn node: every save, replace, conversion and node operation is staged out of sight and swapped in by
  rename with a commit record (docs/write-protocol.md); killed writers are finished or discarded by the next one;
  zip stores append under a journal. Proven by SIGKILL tests at every protocol step and at random moments.
- Bounded work on hostile input (docs/limits.md) and only named Zarr… errors, with a fuzz target in the tests.
- Arrays bigger than memory: New-ZarrArray, Set-ZarrSlice, Add-ZarrSlice, Resize-ZarrArray; Remove-, Copy- and
  Move-ZarrNode; Save-Zarr -Key writes at the key.
- Object storage: s3://, az:// and read-only http(s):// stores with -StoreOption on every cmdlet
  (docs/object-stores.md); `Save-Zarr -Force` there is atomic too (staged, committed, copied into place server-side,
  rolled forward after a crash); appends from several machines take turns under a lease lock; ConvertTo-Zarr writes
  straight to s3:// and az://.
- A Zarr drive: `New-PSDrive -PSProvider Zarr -Root <store>`, then Get-ChildItem, Get-Item, Get-Content, New-Item,
  Remove-/Copy-/Move-/Rename-Item and the *-ItemProperty cmdlets (attributes) on groups and arrays; every Zarr
  cmdlet takes drive paths (about_Zarr_Provider).
- Structured types (v2 structured dtypes, v3 struct) read and written as records (`Save-Zarr -AsStructured`); zarrs'
  optional type with its optional and packbits codecs; `-Filter` on Save-Zarr and New-ZarrArray; DateTime record
  properties stay datetime64; pcodec and zfpy fail with a named error saying why and how to re-encode.
- numcodecs filters, object codecs, bz2/adler32/fletcher32, NaT; dimension names and CF decoding for xarray.
- Progress written by the pipeline thread while the engine works, from every long cmdlet (also Set-ZarrSlice,
  Add-ZarrSlice, Resize-ZarrArray, Copy-/Move-ZarrNode); lossless Import | Save round trips.
- Faster writes and streams: chunk files are created without the truncate that made ext4 flush them at close; large
  ones are preallocated; `Get-ZarrSlice -Stream` reads whole chunks of about 16 MiB per block and reads ahead; a save
  into a big group reads only its members' shapes and dimension names; a zip save parses the archive once; object-store
  writer locks renew themselves, so a crashed writer's node recovers within the 60 s lease.
'@
        }
    }
}
