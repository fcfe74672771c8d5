; Kabinet's Windows installer (NSIS 3, Modern UI 2), built by
; scripts/package.sh: makensis -DVERSION=… -DWINVERSION=… -DSRCDIR=… -DOUTFILE=…
; Per user, without administrator rights: %LOCALAPPDATA%\Programs\Kabinet,
; a Start-menu shortcut, an uninstaller registered for the user (Settings →
; Apps). The installer speaks Russian, Kazakh and English.
Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "VERSION is not defined (make package)"
!endif
!define APPNAME "Kabinet"
!define APPID "kz.demofund.kabinet"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
InstallDirRegKey HKCU "Software\${APPNAME}" "InstallDir"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${WINVERSION}"
VIFileVersion "${WINVERSION}"
VIAddVersionKey /LANG=0 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APPNAME} ${VERSION} setup"
VIAddVersionKey /LANG=0 "CompanyName" "Kabinet authors"
VIAddVersionKey /LANG=0 "LegalCopyright" "© Kabinet authors. Apache License 2.0"

!include "MUI2.nsh"

!define MUI_ICON "${SRCDIR}\kabinet.ico"
!define MUI_UNICON "${SRCDIR}\kabinet.ico"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "Software\${APPNAME}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_FINISHPAGE_RUN "$INSTDIR\kabinet.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first is the default.
!insertmacro MUI_LANGUAGE "Russian"
!insertmacro MUI_LANGUAGEEX "${__FILEDIR__}" "Kazakh"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString ShortcutComment ${LANG_RUSSIAN} "Личный кабинет вкладчика пенсионного фонда"
LangString ShortcutComment ${LANG_KAZAKH} "Зейнетақы қоры салымшысының жеке кабинеті"
LangString ShortcutComment ${LANG_ENGLISH} "Pension fund personal cabinet"

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Kabinet" SecMain
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${SRCDIR}\kabinet.exe"
  File "${SRCDIR}\kabinet.ico"
  File "${SRCDIR}\LICENSE.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\kabinet.exe" "" "$INSTDIR\kabinet.ico" 0 SW_SHOWNORMAL "" "$(ShortcutComment)"
  WriteRegStr HKCU "Software\${APPNAME}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "Kabinet authors"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\kabinet.ico"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$INSTDIR\kabinet.exe"
  Delete "$INSTDIR\kabinet.ico"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "Software\${APPNAME}"
SectionEnd
