/**
 * Messages: conversations newest first, and the selected one as bubbles (the person's own on the right),
 * with attachments that can be exported when the backup holds them.
 */
import { LoaderCircle, Paperclip } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Message, MessageAttachment, MessagesData, MessageThread } from '../../../../shared/categories.ts';
import { formatBytes } from '../../../../shared/format.ts';
import { useStore } from '../../../store/index.ts';
import { ErrorNotice } from '../../device/error-notice.tsx';
import { formatDate } from '../../device/format.ts';
import { countWords } from '../browser-words.ts';
import { useResult } from '../use-result.ts';
import { Avatar } from './contacts-view.tsx';
import { ListDetail } from './list-detail.tsx';

/** Messages drawn at first (the newest); earlier ones on request. */
const SHOWN_MESSAGES = 300;

/** The Messages category. */
export function MessagesView({ data }: { data: MessagesData }) {
  return (
    <ListDetail
      label="Conversations"
      items={data.threads}
      rowHeight={48}
      searchText={(thread) => [thread.title, ...thread.participants].join(' ')}
      placeholder="Select a conversation."
      renderRow={(thread) => (
        <span className="thread-row">
          <Avatar name={thread.title} size={28} />
          <span className="thread-text">
            <span className="thread-title">{thread.title}</span>
            <span className="thread-last secondary">{thread.lastMessage ? `${thread.lastMessage.fromMe ? 'You: ' : ''}${thread.lastMessage.text || 'Attachment'}` : countWords(thread.messageCount, 'message')}</span>
          </span>
        </span>
      )}
      renderDetail={(thread) => <Conversation key={thread.id} thread={thread} />}
    />
  );
}

function Conversation({ thread }: { thread: MessageThread }) {
  const loadThread = useStore((state) => state.loadThread);
  const loaded = useResult(useCallback(() => loadThread(thread.id), [loadThread, thread.id]));
  const [shown, setShown] = useState(SHOWN_MESSAGES);
  const messages = loaded?.value;
  const error = loaded?.error;
  const list = useRef<HTMLOListElement>(null);
  // A conversation opens at its newest message, as Messages shows it.
  useEffect(() => {
    const card = list.current?.closest('.list-detail-card');
    if (messages && card) card.scrollTop = card.scrollHeight;
  }, [messages]);

  const all = messages?.messages ?? [];
  const visible = all.slice(Math.max(0, all.length - shown));
  return (
    <article className="conversation" aria-label={`Conversation with ${thread.title}`}>
      <header className="conversation-head">
        <h3>{thread.title}</h3>
        <p className="muted">{[thread.participants.length > 1 ? thread.participants.join(', ') : undefined, thread.service, countWords(thread.messageCount, 'message')].filter(Boolean).join(' · ')}</p>
      </header>
      {error && <ErrorNotice error={error} />}
      {!messages && !error && (
        <p className="muted" role="status">
          <LoaderCircle size={13} className="spinner" aria-hidden="true" /> Reading the conversation…
        </p>
      )}
      {all.length > visible.length && (
        <button type="button" className="button small conversation-more" onClick={() => setShown((count) => count + SHOWN_MESSAGES)}>
          Show earlier messages
        </button>
      )}
      <ol ref={list} className="bubbles">
        {visible.map((message) => (
          <Bubble key={message.id} message={message} group={thread.participants.length > 1} />
        ))}
      </ol>
    </article>
  );
}

function Bubble({ message, group }: { message: Message; group: boolean }) {
  return (
    <li className={message.fromMe ? 'bubble-line from-me' : 'bubble-line'}>
      {group && !message.fromMe && message.sender && <span className="bubble-sender">{message.sender}</span>}
      <div className="bubble">
        {message.text && <p>{message.text}</p>}
        {message.attachments.map((attachment, index) => (
          <AttachmentChip key={index} attachment={attachment} />
        ))}
      </div>
      {message.date && <time className="bubble-time" dateTime={message.date}>{formatDate(message.date)}</time>}
    </li>
  );
}

function AttachmentChip({ attachment }: { attachment: MessageAttachment }) {
  const exportFiles = useStore((state) => state.exportFiles);
  const { domain, relativePath } = attachment;
  return (
    <span className="attachment">
      <Paperclip size={12} aria-hidden="true" />
      {attachment.name}
      {attachment.size !== undefined && <span className="muted"> {formatBytes(attachment.size)}</span>}
      {domain && relativePath ? (
        <button type="button" className="link-button" onClick={() => void exportFiles([{ domain, relativePath }], `Exporting ${attachment.name}`)}>
          Export…
        </button>
      ) : (
        <span className="muted"> (not in the backup)</span>
      )}
    </span>
  );
}
