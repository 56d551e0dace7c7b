-- Drives Neovim as a user would: open a definition, attach asl-ls, wait for
-- its diagnostics, then go to the definition of a `Next` and see where the
-- cursor lands. Works with Neovim 0.7 (Debian 12) through 0.12.
-- Environment: ASL_LS (the binary), ASL_FILE (the definition), ASL_OUT
-- (where the findings go, as JSON), ASL_LINE/ASL_COL (0-based cursor for
-- go-to-definition).
local server, file, out = os.getenv('ASL_LS'), os.getenv('ASL_FILE'), os.getenv('ASL_OUT')
local result = { version = tostring(vim.version().major .. '.' .. vim.version().minor) }

local function finish()
  local handle = assert(io.open(out, 'w'))
  handle:write(vim.fn.json_encode(result))
  handle:close()
  vim.cmd('qall!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local config = { name = 'asl-ls', cmd = { server, '--stdio' }, root_dir = vim.fn.fnamemodify(file, ':p:h') }
if vim.lsp.start then
  vim.lsp.start(config)
else
  vim.lsp.buf_attach_client(buf, vim.lsp.start_client(config))
end

vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
result.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(result.diagnostics, {
    line = d.lnum, col = d.col, severity = d.severity,
    code = d.code or lsp.code, message = d.message,
  })
end

vim.api.nvim_win_set_cursor(0, { tonumber(os.getenv('ASL_LINE')) + 1, tonumber(os.getenv('ASL_COL')) })
local before = vim.api.nvim_win_get_cursor(0)
vim.lsp.buf.definition()
vim.wait(15000, function()
  local now = vim.api.nvim_win_get_cursor(0)
  return now[1] ~= before[1] or now[2] ~= before[2]
end, 20)
local cursor = vim.api.nvim_win_get_cursor(0)
result.definition = { line = cursor[1] - 1, col = cursor[2], text = vim.api.nvim_get_current_line() }
finish()
